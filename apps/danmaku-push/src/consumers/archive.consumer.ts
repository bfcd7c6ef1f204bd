import { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { kafkaCodecs, Topics } from '@ovation/contracts';
import { formatPosition, positionOfOffset } from '@ovation/danmaku-domain';
import type { ArchivableEvent, ChatArchiver } from '@ovation/danmaku-server';
import { namespacedTopic } from '@ovation/kafka';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ArchiveConsumerSettings {
  KAFKA_NAMESPACE: string;
  ARCHIVE_BATCH_MAX_ROWS: number;
  ARCHIVE_BATCH_WAIT_MS: number;
}

/** The fleet's one archive group: every chat message is written by exactly one node. */
export const ARCHIVE_GROUP = 'danmaku-archive';
const ARCHIVE_SESSION_TIMEOUT_MS = 10_000;

/**
 * Feeds the room event stream to the ChatArchiver in batches: the broker holds each fetch up to
 * ARCHIVE_BATCH_WAIT_MS to fill it, and each partition's batch is written in chunks of at most
 * ARCHIVE_BATCH_MAX_ROWS, one transaction each. Offsets are committed only after a chunk is
 * written (at least once; the archiver makes a redelivery a no-op).
 */
export class ArchiveConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly rows: Counter<'outcome'>;
  private readonly batchSize: Histogram;
  private readonly lagMessages: Gauge<'partition'>;
  private readonly lagSeconds: Gauge<'partition'>;
  private readonly undecodable: Counter;
  private readonly failures: Counter;
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly archiver: ChatArchiver,
    private readonly settings: ArchiveConsumerSettings,
    private readonly logger: Logger,
    registry: Registry,
  ) {
    this.rows = new Counter({
      name: 'ovation_danmaku_archive_rows_total',
      help: 'Chat messages archived: inserted now, or duplicate (already archived, a redelivery)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.batchSize = new Histogram({
      name: 'ovation_danmaku_archive_batch_rows',
      help: 'Chat messages per archive insert',
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
      registers: [registry],
    });
    this.lagMessages = new Gauge({
      name: 'ovation_danmaku_archive_lag_messages',
      help: 'Room events behind the head of each partition after the last archived batch',
      labelNames: ['partition'],
      registers: [registry],
    });
    this.lagSeconds = new Gauge({
      name: 'ovation_danmaku_archive_lag_seconds',
      help: 'Age of the newest archived event of each partition when it was written',
      labelNames: ['partition'],
      registers: [registry],
    });
    this.failures = new Counter({
      name: 'ovation_danmaku_archive_failures_total',
      help: 'Archive batches not written (MySQL or room unreachable), to be tried again',
      registers: [registry],
    });
    this.undecodable = new Counter({
      name: 'ovation_danmaku_archive_undecodable_total',
      help: 'Room events skipped by the archive because they are not a RoomEvent',
      registers: [registry],
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: namespacedTopic(this.settings.KAFKA_NAMESPACE, ARCHIVE_GROUP),
      // A killed node's partitions wait this long for another node: kafkajs' 30 s is needlessly long.
      sessionTimeout: ARCHIVE_SESSION_TIMEOUT_MS,
      maxWaitTimeInMs: this.settings.ARCHIVE_BATCH_WAIT_MS,
      // Ask the broker to hold a fetch until about a full batch of chat is there (or the wait ends).
      minBytes: this.settings.ARCHIVE_BATCH_MAX_ROWS * 128,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    // A new group archives everything the topic still holds.
    await consumer.subscribe({ topics: [namespacedTopic(this.settings.KAFKA_NAMESPACE, Topics.roomEvents)], fromBeginning: true });
    // Not awaited: joining the shared group waits for a killed member's session to run out, and the
    // node serves viewers meanwhile. kafkajs retries a failed join itself (restartOnFailure).
    consumer.run({ eachBatchAutoResolve: false, eachBatch: (payload) => this.archiveBatch(payload) }).catch((error: unknown) => {
      this.logger.error({ err: error }, 'the archive consumer did not start; this node archives nothing');
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect();
  }

  private async archiveBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const partition = String(batch.partition);
    for (let start = 0; start < batch.messages.length; start += this.settings.ARCHIVE_BATCH_MAX_ROWS) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(start, start + this.settings.ARCHIVE_BATCH_MAX_ROWS);
      const result = await this.archiver.archive(chunk.flatMap((message) => this.decode(batch.topic, batch.partition, message))).catch((error: unknown) => {
        // Nothing of the chunk was written; kafkajs fetches it again after a pause.
        this.failures.inc();
        this.logger.warn({ err: error, partition: batch.partition, offset: chunk[0].offset }, 'archive batch not written; it will be tried again');
        throw error;
      });
      this.rows.inc({ outcome: 'inserted' }, result.inserted);
      this.rows.inc({ outcome: 'duplicate' }, result.chats - result.inserted);
      if (result.chats) this.batchSize.observe(result.chats);
      const last = chunk[chunk.length - 1];
      this.lagSeconds.set({ partition }, Math.max(0, (Date.now() - Number(last.timestamp)) / 1000));
      resolveOffset(last.offset);
      await heartbeat();
      await commitOffsetsIfNecessary();
    }
    this.lagMessages.set({ partition }, Number(batch.offsetLag()));
  }

  /** A message that is not a RoomEvent can never be archived: skipped (and counted) rather than blocking the partition. */
  private decode(topic: string, partition: number, message: KafkaMessage): ArchivableEvent[] {
    if (!message.value) return [];
    try {
      const event = kafkaCodecs[Topics.roomEvents].decode(message.value);
      return [{ event, position: formatPosition(positionOfOffset(message.offset)), brokerTimestampMs: Number(message.timestamp) }];
    } catch (error) {
      this.undecodable.inc();
      this.logger.error({ err: error, topic, partition, offset: message.offset }, 'undecodable room event skipped by the archive');
      return [];
    }
  }
}
