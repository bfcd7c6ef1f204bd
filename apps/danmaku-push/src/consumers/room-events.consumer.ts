import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { kafkaCodecs, Topics } from '@ovation/contracts';
import { eventTypeOf, positionOfOffset } from '@ovation/danmaku-domain';
import { GiftEffectFirsts, PushMetrics, RoomFanout, RoomLiveness, SensitiveWordLists, SpeakerStandings } from '@ovation/danmaku-server';
import { ConsumedMessage, inheritedOffsets, namespacedTopic, pruneSiblingGroups, runConsumer } from '@ovation/kafka';
import { METRICS_REGISTRY } from '@ovation/observability';
import { KAFKA, SERVICE_LOGGER } from '@ovation/runtime';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { Counter, Registry } from 'prom-client';
import type { PushConfig } from '../config';

export const PUSH_CONFIG = Symbol('PUSH_CONFIG');
/** Each push node's own consumer group is this prefix + its NODE_ID. */
const PUSH_GROUP_PREFIX = 'danmaku-push.';
const SETTLED = { settled: Promise.resolve() };

/**
 * Every push node reads the whole room event stream in a consumer group of its own (each node
 * must see every event of the rooms its viewers watch). A new node's group starts where the push
 * nodes' groups left off, not at the latest event: after a time with no push node at all, what
 * arrived meanwhile still reaches history and resuming viewers. Each event goes, with its
 * position, to the fan-out; room state changes also update what the write path knows about
 * liveness, standing changes (mutes, bans, admins) what it knows about speakers, and
 * sensitive-word changes (the platform's list has the empty room id) which lists it filters
 * with, the last two without being shown.
 * It stops only at application shutdown, after the drain: viewers keep receiving until they left.
 * Every GROUP_PRUNE_INTERVAL_MS it deletes the groups of nodes that are gone and that a live node
 * has passed, which Kafka would otherwise keep for its offset retention (7 days by default).
 */
@Injectable()
export class RoomEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly received: Counter<'type'>;
  private readonly prunedGroups: Counter;
  private consumer?: { stop(): Promise<void> };
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(PUSH_CONFIG) private readonly config: PushConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly fanout: RoomFanout,
    private readonly liveness: RoomLiveness,
    private readonly standings: SpeakerStandings,
    private readonly wordLists: SensitiveWordLists,
    private readonly giftEffects: GiftEffectFirsts,
    private readonly metrics: PushMetrics,
  ) {
    this.received = new Counter({
      name: 'ovation_push_room_events_total',
      help: 'Room events consumed by this push node, by payload type',
      labelNames: ['type'],
      registers: [registry],
    });
    this.prunedGroups = new Counter({
      name: 'ovation_push_pruned_groups_total',
      help: 'Consumer groups of push nodes that are gone, deleted by this node',
      registers: [registry],
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const groupId = namespacedTopic(this.config.KAFKA_NAMESPACE, `${PUSH_GROUP_PREFIX}${this.config.NODE_ID}`);
    const topic = namespacedTopic(this.config.KAFKA_NAMESPACE, Topics.roomEvents);
    const start = await inheritedOffsets(this.kafka, {
      groupId,
      topic,
      siblingPrefix: namespacedTopic(this.config.KAFKA_NAMESPACE, PUSH_GROUP_PREFIX),
      // Bounds the re-reading after a long outage: history keeps a quiet room no longer than this.
      notBeforeMs: Date.now() - this.config.HISTORY_TTL_MS,
      onRetry: (attempt, error, delayMs) => this.logger.warn({ err: error, attempt, delayMs }, 'the broker cannot say yet where the push nodes left off; asking again'),
    });
    if (start.kind === 'inherited') {
      this.logger.info({ groupId, partitions: start.partitions, siblings: start.siblings.length }, 'new push node: reading the room events from where the push nodes left off');
    }
    this.consumer = await runConsumer(this.kafka, {
      groupId,
      topics: [topic],
      startAt: start.kind === 'inherited' ? start.partitions : undefined,
      // Rooms are spread over partitions: one slow partition must not hold up the others.
      partitionsConsumedConcurrently: this.config.KAFKA_TOPIC_PARTITIONS,
      fetchMaxWaitMs: this.config.ROOM_EVENTS_FETCH_WAIT_MS,
      fetchMinBytes: this.config.ROOM_EVENTS_FETCH_MIN_BYTES,
      // An offset is committed once its event is in the shared history, not when the fan-out took
      // it in: a node that dies in between leaves it to be read again (by itself or a new node).
      settlingHandler: (message) => this.handle(message),
    });
    this.schedulePrune(groupId, topic);
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.pruneTimer);
    this.pruneTimer = undefined;
    await this.consumer?.stop();
  }

  /** The next prune is scheduled once this one is over: a slow broker never has two under way. */
  private schedulePrune(groupId: string, topic: string): void {
    this.pruneTimer = setTimeout(() => {
      void this.pruneGoneNodesGroups(groupId, topic).finally(() => {
        if (this.pruneTimer) this.schedulePrune(groupId, topic);
      });
    }, this.config.GROUP_PRUNE_INTERVAL_MS).unref();
  }

  private async pruneGoneNodesGroups(groupId: string, topic: string): Promise<void> {
    try {
      const { deleted } = await pruneSiblingGroups(this.kafka, { groupId, topic, siblingPrefix: namespacedTopic(this.config.KAFKA_NAMESPACE, PUSH_GROUP_PREFIX) });
      this.prunedGroups.inc(deleted.length);
      if (deleted.length) this.logger.info({ deleted }, 'deleted the consumer groups of push nodes that are gone');
    } catch (error) {
      this.logger.warn({ err: error }, 'consumer groups of push nodes that are gone not pruned; trying again next interval');
    }
  }

  /** Takes the event in; `settled` resolves once it is in history (at once for what history does not keep). */
  private async handle(message: ConsumedMessage): Promise<{ settled: Promise<void> }> {
    if (!message.value) return SETTLED;
    const event = kafkaCodecs[Topics.roomEvents].decode(message.value);
    const type = event.standing ? 'standing' : event.sensitiveWords ? 'sensitive_words' : (eventTypeOf(event) ?? 'unknown');
    this.received.inc({ type });
    if (event.sensitiveWords) {
      this.wordLists.changed(event.roomId, Number(event.sensitiveWords.version));
      return SETTLED;
    }
    if (!event.roomId) {
      this.logger.warn({ partition: message.partition, offset: message.offset }, 'room event without a room id skipped');
      return SETTLED;
    }
    if (event.standing) {
      this.standings.observe(event.roomId, event.standing);
      if (event.standing.banned) this.fanout.closeBanned(event.roomId, event.standing.userId);
      return SETTLED;
    }
    if (event.state) this.liveness.observe(event.roomId, event.state.to);
    const position = positionOfOffset(message.offset);
    if (event.gift && (await this.giftEffects.isRepeat(event.roomId, event.gift.orderId, position))) {
      this.metrics.repeatedGiftEffects.inc();
      this.logger.info({ roomId: event.roomId, orderId: event.gift.orderId, position }, 'repeated gift effect not shown again');
      return SETTLED;
    }
    return { settled: this.fanout.accept(event.roomId, { position, event, bytes: message.value }) };
  }
}
