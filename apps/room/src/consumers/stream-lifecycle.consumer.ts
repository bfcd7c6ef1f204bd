import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { kafkaCodecs, Topics } from '@ovation/contracts';
import { ConsumedMessage, namespacedTopic, RunningConsumer, runConsumer } from '@ovation/kafka';
import { createRedMetrics, METRICS_REGISTRY, RedMetrics } from '@ovation/observability';
import { StreamLifecycleService } from '@ovation/room-server';
import { KAFKA, SERVICE_LOGGER } from '@ovation/runtime';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ROOM_CONFIG } from '../room-config.token';
import type { RoomConfig } from '../config';

const codec = kafkaCodecs[Topics.streamLifecycle];
const OPERATION = 'StreamLifecycleConsumer.handle';

/**
 * Ingest's stream lifecycle events → room status. At least once: a failed handler leaves the
 * offset uncommitted and the event comes again (the use case is idempotent). A new consumer group
 * starts from the oldest retained event, so nothing produced before the first start is missed.
 */
@Injectable()
export class StreamLifecycleConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running?: RunningConsumer;
  private readonly red: RedMetrics;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(ROOM_CONFIG) private readonly config: RoomConfig,
    private readonly streams: StreamLifecycleService,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.red = createRedMetrics(registry, 'kafka');
  }

  async onApplicationBootstrap(): Promise<void> {
    this.running = await runConsumer(this.kafka, {
      groupId: namespacedTopic(this.config.KAFKA_NAMESPACE, 'room.stream-lifecycle'),
      topics: [namespacedTopic(this.config.KAFKA_NAMESPACE, Topics.streamLifecycle)],
      fromBeginning: true,
      handler: (message) => this.handle(message),
    });
  }

  /** Before the connections close: the event in hand finishes and is committed. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.running?.stop();
  }

  private async handle(message: ConsumedMessage): Promise<void> {
    const stop = this.red.startTimer(OPERATION);
    let event;
    try {
      event = codec.decode(message.value ?? new Uint8Array());
    } catch (error) {
      // A message that can never decode would block its partition forever: log it and move on.
      this.logger.error({ err: error, topic: message.topic, partition: message.partition, offset: message.offset }, 'undecodable stream lifecycle event skipped');
      stop('client_error');
      return;
    }
    try {
      await this.streams.handle(event);
      stop('ok');
    } catch (error) {
      stop('server_error');
      throw error;
    }
  }
}
