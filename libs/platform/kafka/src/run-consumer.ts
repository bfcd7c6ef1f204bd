import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Batch, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { heartbeatWhile } from './heartbeat-while';
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
}

export type MessageHandler = (message: ConsumedMessage) => Promise<void>;

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
  handler: MessageHandler;
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
  });
  let stopping = false;
  const batchesInFlight = new Set<Promise<void>>();

  const handleBatch = async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload) => {
    for (const raw of batch.messages) {
      if (stopping || !isRunning() || isStale()) return;
      const message = toConsumedMessage(batch, raw);
      try {
        // kafkajs skips a heartbeat when the last one is younger than the interval: tick twice as
        // often so a late timer never stretches the gap to two intervals.
        await heartbeatWhile(() => handleInSpan(message, options.handler), heartbeat, heartbeatIntervalMs / 2, (error) =>
          logger.warn('heartbeat during a slow handler failed', { groupId: options.groupId, error: String(error) }),
        );
      } catch (error) {
        logger.error('message handler failed; the message will be delivered again', {
          groupId: options.groupId,
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
          error: String(error),
          stack: (error as Error)?.stack,
        });
        throw error;
      }
      resolveOffset(raw.offset);
      await commitOffsetsIfNecessary();
    }
  };

  await consumer.connect();
  await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? false });
  await consumer.run({
    eachBatchAutoResolve: false,
    // Offsets of a long batch are committed along the way, not only at its end.
    autoCommitInterval: 5_000,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    eachBatch: (payload) => {
      const running = handleBatch(payload);
      batchesInFlight.add(running);
      return running.finally(() => batchesInFlight.delete(running));
    },
  });

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      await Promise.allSettled([...batchesInFlight]);
      await consumer.disconnect();
    })());
  return { consumer, stop };
}

function toConsumedMessage(batch: Batch, message: KafkaMessage): ConsumedMessage {
  return {
    topic: batch.topic,
    partition: batch.partition,
    offset: message.offset,
    key: message.key ? message.key.toString() : null,
    value: message.value,
    headers: headersToStrings(message.headers),
    timestamp: Number(message.timestamp),
  };
}

/** Runs the handler in a CONSUMER span whose parent is the producer's trace context. */
function handleInSpan(message: ConsumedMessage, handler: MessageHandler): Promise<void> {
  const attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': message.topic,
    'messaging.destination.partition.id': String(message.partition),
    'messaging.kafka.offset': Number(message.offset),
    ...(message.key === null ? {} : { 'messaging.kafka.message.key': message.key }),
  };
  return tracer.startActiveSpan(`${message.topic} process`, { kind: SpanKind.CONSUMER, attributes }, traceContextOf(message.headers), async (span) => {
    try {
      await handler(message);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}
