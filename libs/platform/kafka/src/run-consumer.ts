import { type Context, context, type Span, SpanKind, trace } from '@opentelemetry/api';
import { settleSpans } from '@ovation/observability';
import type { Batch, Consumer, EachBatchPayload, Kafka, KafkaMessage, Logger } from 'kafkajs';
import { heartbeatWhile } from './heartbeat-while';
import type { PartitionStart } from './inherit-offsets';
import { SettledOffsets } from './settled-offsets';
import { headersToStrings, traceContextOf } from './trace-headers';

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** Epoch milliseconds the producer (or broker) stamped on it. */
  timestamp: number;
  /**
   * The trace context of this message's CONSUMER span: what a batch handler gives the messages it
   * produces for this one (OutgoingMessage.context), so the trace continues per message.
   */
  context: Context;
}

export type MessageHandler = (message: ConsumedMessage) => Promise<void>;
/** Handles consecutive messages of one partition together, in their order. */
export type BatchHandler = (messages: ConsumedMessage[]) => Promise<void>;
/**
 * Takes a message in (the next one is handed over once it resolved) and says what its work is
 * still waiting for: the offset is committed only once `settled` resolved.
 */
export type SettlingHandler = (message: ConsumedMessage) => Promise<{ settled: Promise<unknown> }>;

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  /** Where a group without committed offsets starts: the oldest retained message, or only new ones (default). */
  fromBeginning?: boolean;
  /**
   * The broker drops a member it has not heard from for this long (default 10000). After a broker
   * crash a group resumes only once its old members' sessions ran out, so this is also how long
   * consumers stay idle after the broker is back.
   */
  sessionTimeoutMs?: number;
  /** Default 3000; well under a third of the session timeout. */
  heartbeatIntervalMs?: number;
  /** Partitions handled in parallel (default 1); messages of one partition are always handled in order. */
  partitionsConsumedConcurrently?: number;
  /** Resolves when the message is done; a rejection leaves it uncommitted, to be delivered again. */
  handler?: MessageHandler;
  /**
   * Instead of `handler`: up to `maxBatchMessages` consecutive messages of a partition at once (as
   * many as the broker has returned), for handlers whose cost is per round trip. A rejection
   * leaves all of them uncommitted. Runs with the first message's span active.
   */
  batchHandler?: BatchHandler;
  /** Default 100. */
  maxBatchMessages?: number;
  /**
   * Instead of `handler`: for work that finishes after the handler resolved, later and out of
   * order (e.g. written on a timer, in batches of its own). Offsets are committed every
   * `commitIntervalMs` and at stop, per partition up to the first message whose `settled` has not
   * resolved. One that rejects holds its partition's commits back for the rest of this consumer's
   * life (logged): it is read again after a restart, never skipped.
   */
  settlingHandler?: SettlingHandler;
  /** With `settlingHandler`: default 1000. */
  commitIntervalMs?: number;
  /** With `settlingHandler`: how long `stop()` waits for work still unsettled (default 10000). */
  settleTimeoutMs?: number;
  /**
   * How long the broker may hold a fetch to gather `fetchMinBytes` (defaults: kafkajs' 5 s and 1
   * byte, so a fetch returns as soon as anything arrives). With more bytes asked for, each fetch
   * brings a batch under load instead of a message or two, for up to the wait in latency, and an
   * idle consumer fetches once per wait.
   */
  fetchMaxWaitMs?: number;
  fetchMinBytes?: number;
  /**
   * Offsets to start from instead of the group's committed ones (e.g. `inheritedOffsets` for a
   * group that has none): in force before the first message is handled, and committed at once.
   */
  startAt?: PartitionStart[];
}

export interface RunningConsumer {
  consumer: Consumer;
  /** Lets the message being handled finish, commits, then leaves the group. */
  stop(): Promise<void>;
}

const tracer = trace.getTracer('@ovation/kafka');

/**
 * Consumes `topics` one message at a time per partition, at least once: an offset is committed
 * only after its handler resolved.
 */
export async function runConsumer(kafka: Kafka, options: ConsumerOptions): Promise<RunningConsumer> {
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 3_000;
  const logger = kafka.logger().namespace('ovation.consumer');
  const consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeoutMs ?? 10_000,
    heartbeatInterval: heartbeatIntervalMs,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: options.fetchMaxWaitMs,
    minBytes: options.fetchMinBytes,
  });
  let stopping = false;
  const batchesInFlight = new Set<Promise<void>>();

  if ([options.handler, options.batchHandler, options.settlingHandler].filter(Boolean).length !== 1) {
    throw new Error('runConsumer needs exactly one of handler, batchHandler and settlingHandler');
  }
  const settling = options.settlingHandler ? new SettledCommits(consumer, options.settlingHandler, options, logger) : undefined;
  // A message handler is a batch handler of batches of one: one path for all three.
  const { handler } = options;
  const handleChunk: BatchHandler = options.batchHandler ?? (settling ? ([message]) => settling.handle(message) : ([message]) => handler!(message));
  const chunkSize = options.batchHandler ? (options.maxBatchMessages ?? 100) : 1;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new Error(`maxBatchMessages must be a positive integer (got ${options.maxBatchMessages})`);

  const handleBatch = async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload) => {
    for (let start = 0; start < batch.messages.length; start += chunkSize) {
      if (stopping || !isRunning() || isStale()) return;
      const raws = batch.messages.slice(start, start + chunkSize);
      const spans = raws.map((raw) => consumerSpan(batch, raw));
      const messages = raws.map((raw, index) => toConsumedMessage(batch, raw, spans[index].context));
      try {
        // kafkajs skips a heartbeat when the last one is younger than the interval: tick twice as
        // often so a late timer never stretches the gap to two intervals.
        await heartbeatWhile(() => settleSpans(spans.map((s) => s.span), () => context.with(messages[0].context, () => handleChunk(messages))), heartbeat, heartbeatIntervalMs / 2, (error) =>
          logger.warn('heartbeat during a slow handler failed', { groupId: options.groupId, error: String(error) }),
        );
      } catch (error) {
        logger.error('message handler failed; the messages will be delivered again', {
          groupId: options.groupId,
          topic: batch.topic,
          partition: batch.partition,
          offset: raws[0].offset,
          lastOffset: raws[raws.length - 1].offset,
          error: String(error),
          stack: (error as Error)?.stack,
        });
        throw error;
      }
      resolveOffset(raws[raws.length - 1].offset);
      // kafkajs' commitOffsetsIfNecessary commits every resolved offset, autoCommit or not.
      if (!settling) await commitOffsetsIfNecessary();
    }
  };

  await consumer.connect();
  await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? false });
  await consumer.run({
    eachBatchAutoResolve: false,
    // A resolved offset is where the next fetch starts. With a settling handler SettledCommits
    // commits; otherwise a long batch's offsets are committed along the way, not only at its end.
    ...(settling ? { autoCommit: false } : { autoCommitInterval: 5_000 }),
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    eachBatch: (payload) => {
      const running = handleBatch(payload);
      batchesInFlight.add(running);
      return running.finally(() => batchesInFlight.delete(running));
    },
  });
  // kafkajs applies a seek at the start of the next fetch and drops what a fetch already under way
  // brings for that partition; run() returns before any fetch could have answered.
  for (const { topic, partition, offset } of options.startAt ?? []) consumer.seek({ topic, partition, offset });
  // The group stands where it starts from: a restart resumes there, and its siblings' groups can
  // be seen to be passed (pruneSiblingGroups) before a message arrives on every partition.
  if (options.startAt?.length) await consumer.commitOffsets([...options.startAt]);
  settling?.start();

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      await Promise.allSettled([...batchesInFlight]);
      await settling?.stop();
      await consumer.disconnect();
    })());
  return { consumer, stop };
}

/** The commits of a consumer with a settling handler: offsets whose work settled, on a timer and at stop. */
class SettledCommits {
  private readonly offsets: SettledOffsets;
  private timer?: NodeJS.Timeout;
  private committing = Promise.resolve();

  constructor(
    private readonly consumer: Consumer,
    private readonly handler: SettlingHandler,
    private readonly options: ConsumerOptions,
    private readonly logger: Logger,
  ) {
    this.offsets = new SettledOffsets((topic, partition, offset, error) =>
      logger.error('work of a message failed; its partition is not committed past it until a restart reads it again', {
        groupId: options.groupId,
        topic,
        partition,
        offset,
        error: String(error),
      }),
    );
  }

  async handle(message: ConsumedMessage): Promise<void> {
    const { settled } = await this.handler(message);
    this.offsets.track(message.topic, message.partition, message.offset, settled);
  }

  start(): void {
    this.timer = setInterval(() => void this.commit(), this.options.commitIntervalMs ?? 1_000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.offsets.drained(this.options.settleTimeoutMs ?? 10_000);
    await this.commit();
  }

  /** One commit at a time, so an older list never lands after a newer one. */
  private commit(): Promise<void> {
    this.committing = this.committing.then(async () => {
      const offsets = this.offsets.takeCommittable();
      if (offsets.length === 0) return;
      try {
        await this.consumer.commitOffsets(offsets);
      } catch (error) {
        this.offsets.restore(offsets);
        this.logger.warn('committing settled offsets failed; retrying at the next interval', { groupId: this.options.groupId, error: String(error) });
      }
    });
    return this.committing;
  }
}

function toConsumedMessage(batch: Batch, message: KafkaMessage, traceContext: Context): ConsumedMessage {
  return {
    topic: batch.topic,
    partition: batch.partition,
    offset: message.offset,
    key: message.key ? message.key.toString() : null,
    value: message.value,
    headers: headersToStrings(message.headers),
    timestamp: Number(message.timestamp),
    context: traceContext,
  };
}

/** A CONSUMER span for the message, child of the producer's trace context from its headers. */
function consumerSpan(batch: Batch, message: KafkaMessage): { span: Span; context: Context } {
  const key = message.key ? message.key.toString() : null;
  const attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': batch.topic,
    'messaging.destination.partition.id': String(batch.partition),
    'messaging.kafka.offset': Number(message.offset),
    ...(key === null ? {} : { 'messaging.kafka.message.key': key }),
  };
  const parent = traceContextOf(headersToStrings(message.headers));
  const span = tracer.startSpan(`${batch.topic} process`, { kind: SpanKind.CONSUMER, attributes }, parent);
  return { span, context: trace.setSpan(parent, span) };
}
