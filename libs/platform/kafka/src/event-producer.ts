import { type Context, type Span, SpanKind, trace } from '@opentelemetry/api';
import { settleSpans } from '@ovation/observability';
import { GroupCommit } from '@ovation/batching';
import { type IHeaders, type Kafka, type Message, Partitioners, type Producer, type RecordMetadata } from 'kafkajs';
import { producerContext, withoutTraceContext, withTraceContext } from './trace-headers';

const tracer = trace.getTracer('@ovation/kafka');

export interface EventProducerOptions {
  /** Written exactly once per partition across retries (default true); kafkajs then sends one produce request per broker at a time. */
  idempotent?: boolean;
  /** -1: every in-sync replica (default, and required when idempotent); 1: the leader only; 0: nobody. */
  acks?: -1 | 0 | 1;
  maxInFlightRequests?: number;
}

interface Queued {
  topic: string;
  message: Message;
  span: Span;
}

export interface OutgoingMessage {
  /** The room id: it picks the partition, which keeps one room's events in one order. */
  key: string;
  value: Buffer | string;
  headers?: IHeaders;
  /** The trace this message continues, when not the active one (a batch handler producing for each consumed message). */
  context?: Context;
}

/**
 * Sends events with the active trace context in their headers, so a consumer's work joins the
 * producer's trace. An idempotent kafkajs producer retries a failing send without end: callers
 * that must answer in time bound the wait themselves (gRPC deadlines do).
 *
 * Group commit: kafkajs sends an idempotent producer's requests one at a time, so while a send
 * for a key (a room) is in flight, further sends for it queue and leave together in the next
 * request. Idle, a message leaves at once; busy, a hot room's throughput grows with the batch
 * instead of stalling. (The kafkajs instrumentation parents a group's producer spans on the
 * first queued sender's trace; each message keeps its own key, value, headers and order.)
 */
export class EventProducer {
  private readonly producer: Producer;
  private readonly acks: -1 | 0 | 1;
  private readonly groups: GroupCommit<Queued, RecordMetadata[]>;

  constructor(kafka: Kafka, options: EventProducerOptions = {}) {
    const idempotent = options.idempotent ?? true;
    this.acks = options.acks ?? -1;
    if (idempotent && this.acks !== -1) throw new Error('an idempotent producer needs acks -1 (all in-sync replicas)');
    this.producer = kafka.producer({
      idempotent,
      maxInFlightRequests: options.maxInFlightRequests,
      // Topics are declared with ensureTopics; a typo must fail, not create a topic.
      allowAutoTopicCreation: false,
      // murmur2 on the key, as the Java client: a room id lands on the same partition from any producer.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    // Bounded, so a hot key's backlog never becomes one request larger than the broker accepts.
    this.groups = new GroupCommit((_lane, queued) => this.sendGroup(queued), { maxBatchSize: 500 });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  /**
   * Resolves once the broker acknowledged it (with `acks`); the metadata's `baseOffset` is this
   * message's own offset, even when it left in a group commit with others of its key.
   */
  send(topic: string, message: OutgoingMessage): Promise<RecordMetadata[]> {
    const [traced, span] = this.trace(topic, message);
    return this.groups.submit(`${topic}\u0000${message.key}`, { topic, message: traced, span });
  }

  /** Sends these messages in one request, as they are (no group commit). */
  sendBatch(topic: string, messages: OutgoingMessage[]): Promise<RecordMetadata[]> {
    const traced = messages.map((message) => this.trace(topic, message));
    const sent = this.producer.send({ topic, acks: this.acks, messages: traced.map(([message]) => message) });
    return settleSpans(traced.map(([, span]) => span), () => sent);
  }

  /**
   * A PRODUCER span per message, child of the trace the message belongs to: its `context`, or
   * the one in its own `traceparent` header when the caller set it (a relay publishing for an
   * earlier request), else the active one. The span's context then travels in the headers to
   * the consumer.
   */
  private trace(topic: string, message: OutgoingMessage): [Message, Span] {
    const parent = message.context ?? producerContext(message.headers);
    const span = tracer.startSpan(
      `send ${topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.destination.name': topic,
          'messaging.kafka.message.key': message.key,
        },
      },
      parent,
    );
    const { key, value, headers } = message;
    return [{ key, value, headers: withTraceContext(trace.setSpan(parent, span), withoutTraceContext(headers)) }, span];
  }

  /**
   * One key's queued messages in one request. One key is one partition, where they are appended
   * in order, so the n-th message's offset is the batch's base offset plus n.
   */
  private async sendGroup(queued: Queued[]): Promise<RecordMetadata[][]> {
    const sent = this.producer.send({ topic: queued[0].topic, acks: this.acks, messages: queued.map((q) => q.message) });
    const metadata = await settleSpans(queued.map((q) => q.span), () => sent);
    return queued.map((_, index) => metadata.map((m) => offsetBy(m, index)));
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}

function offsetBy(metadata: RecordMetadata, index: number): RecordMetadata {
  if (index === 0 || metadata.baseOffset === undefined) return metadata;
  return { ...metadata, baseOffset: String(BigInt(metadata.baseOffset) + BigInt(index)) };
}
