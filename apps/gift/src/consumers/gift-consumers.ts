import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Topics } from '@ovation/contracts';
import { GiftEffectBroadcaster, LeaderboardProjector } from '@ovation/gift-server';
import { BatchHandler, namespacedTopic, RunningConsumer, runConsumer } from '@ovation/kafka';
import { KAFKA } from '@ovation/runtime';
import type { Kafka } from 'kafkajs';
import type { GiftConfig } from '../config';
import { GIFT_CONFIG } from '../gift.tokens';

/**
 * The gift events consumers, each its own group so one never waits on the other: effects into
 * the room event stream (with combos) and the leaderboards. Both drop events they already handled.
 */
@Injectable()
export class GiftConsumers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly running: RunningConsumer[] = [];

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(GIFT_CONFIG) private readonly config: GiftConfig,
    private readonly effects: GiftEffectBroadcaster,
    private readonly leaderboards: LeaderboardProjector,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.GIFT_CONSUMERS_ENABLED) return;
    const topic = namespacedTopic(this.config.KAFKA_NAMESPACE, Topics.giftEvents);
    // Batches: each consumer's round trips (MySQL, Redis, Kafka) are per batch, not per event.
    const consume = (group: string, batchHandler: BatchHandler) =>
      runConsumer(this.kafka, {
        groupId: namespacedTopic(this.config.KAFKA_NAMESPACE, group),
        topics: [topic],
        fromBeginning: true,
        partitionsConsumedConcurrently: this.config.KAFKA_TOPIC_PARTITIONS,
        batchHandler,
        fetchMaxWaitMs: this.config.GIFT_CONSUMER_FETCH_WAIT_MS,
        fetchMinBytes: this.config.GIFT_CONSUMER_FETCH_MIN_BYTES,
      });
    this.running.push(await consume('gift.effects', (messages) => this.effects.handle(messages)));
    this.running.push(await consume('gift.leaderboards', (messages) => this.leaderboards.handle(messages)));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.running.map((consumer) => consumer.stop()));
  }
}
