import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { randomBytes } from 'node:crypto';
import { ConsumedMessage, ConsumerOptions, createKafka, ensureTopics, EventProducer, KafkaLogger, RunningConsumer, runConsumer } from './index';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const errors: Array<{ fields: object; message?: string }> = [];
const quietLogger: KafkaLogger = { error: (fields, message) => errors.push({ fields, message }), warn: () => undefined, info: () => undefined, debug: () => undefined };
const kafka = createKafka({ clientId: 'run-consumer-spec', brokers, logger: quietLogger });
const admin = kafka.admin();
const producer = new EventProducer(kafka);
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const topics: string[] = [];
const running: RunningConsumer[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

async function waitUntilAsync(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(100);
  }
}

async function freshTopic(numPartitions = 1): Promise<string> {
  const topic = `spec.consumer.${randomBytes(4).toString('hex')}`;
  await ensureTopics(kafka, [{ topic, numPartitions }]);
  topics.push(topic);
  return topic;
}

async function consume(topic: string, handler: ConsumerOptions['handler'], options: Partial<ConsumerOptions> = {}): Promise<RunningConsumer> {
  const consumer = await runConsumer(kafka, { groupId: `${topic}.group`, topics: [topic], fromBeginning: true, handler, ...options });
  running.push(consumer);
  return consumer;
}

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  await Promise.all([admin.connect(), producer.connect()]);
});

afterAll(async () => {
  await Promise.all(running.map((consumer) => consumer.stop()));
  await producer.disconnect();
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
  trace.disable();
  propagation.disable();
  context.disable();
}, 30_000);

describe('EventProducer → runConsumer (real broker)', () => {
  it('delivers key, value and headers; the handler runs under the message\'s producer span, a child of the sender', async () => {
    const topic = await freshTopic(3);
    const received: Array<{ message: ConsumedMessage; activeSpanId?: string }> = [];
    await consume(topic, async (message) => {
      received.push({ message, activeSpanId: trace.getActiveSpan()?.spanContext().spanId });
    });

    const sender = provider.getTracer('spec').startSpan('gift sent');
    const [metadata] = await context.with(trace.setSpan(context.active(), sender), () =>
      producer.send(topic, { key: 'room-1', value: Buffer.from('hello'), headers: { origin: 'spec' } }),
    );
    sender.end();
    await waitUntil(() => received.length === 1, 20_000);

    const [{ message, activeSpanId }] = received;
    expect(message).toMatchObject({ topic, partition: metadata.partition, offset: metadata.baseOffset, key: 'room-1', value: Buffer.from('hello') });
    expect(message.headers.origin).toBe('spec');
    expect(Math.abs(message.timestamp - Date.now())).toBeLessThan(60_000);
    const processSpan = exporter.getFinishedSpans().find((span) => span.name === `${topic} process`);
    expect(processSpan?.spanContext().spanId).toBe(activeSpanId);
    expect(processSpan?.spanContext().traceId).toBe(sender.spanContext().traceId);
    const sendSpan = exporter.getFinishedSpans().find((span) => span.name === `send ${topic}`);
    expect(sendSpan?.kind).toBe(SpanKind.PRODUCER);
    expect(sendSpan?.parentSpanContext?.spanId).toBe(sender.spanContext().spanId);
    expect(processSpan?.parentSpanContext?.spanId).toBe(sendSpan?.spanContext().spanId);
  }, 30_000);

  it('continues the trace a relay names in the message\'s own traceparent, not the relay\'s', async () => {
    const topic = await freshTopic(1);
    const handled: Array<string | undefined> = [];
    await consume(topic, async () => void handled.push(trace.getActiveSpan()?.spanContext().traceId));

    const earlierRequest = '00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbb-01';
    const relay = provider.getTracer('spec').startSpan('relay tick');
    await context.with(trace.setSpan(context.active(), relay), () =>
      producer.sendBatch(topic, [{ key: 'room-1', value: 'paid', headers: { traceparent: earlierRequest } }]),
    );
    relay.end();
    await waitUntil(() => handled.length === 1, 20_000);
    expect(handled[0]).toBe('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    const sendSpan = exporter.getFinishedSpans().find((span) => span.name === `send ${topic}`);
    expect(sendSpan?.parentSpanContext?.spanId).toBe('bbbbbbbbbbbbbbbb');
  }, 30_000);

  it('keeps heartbeating through a handler slower than the session timeout: no rebalance, no second delivery', async () => {
    const topic = await freshTopic();
    const deliveries: string[] = [];
    let rejoins = 0;
    const consumer = await consume(
      topic,
      async (message) => {
        deliveries.push(message.offset);
        if (message.value?.toString() === 'slow') await sleep(9_000);
      },
      { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 1_000 },
    );
    consumer.consumer.on(consumer.consumer.events.GROUP_JOIN, () => (rejoins += 1));

    await producer.sendBatch(topic, [
      { key: 'room-1', value: 'slow' },
      { key: 'room-1', value: 'next' },
    ]);
    await waitUntil(() => deliveries.includes('1'), 40_000);

    expect(deliveries).toEqual(['0', '1']);
    expect(rejoins).toBe(0);
  }, 60_000);

  it('delivers a message again after its handler failed, and logs the failure', async () => {
    const topic = await freshTopic();
    const deliveries: string[] = [];
    await consume(topic, async (message) => {
      deliveries.push(message.offset);
      if (deliveries.length === 1) throw new Error('transient failure');
    });

    await producer.sendBatch(topic, [
      { key: 'room-1', value: 'first' },
      { key: 'room-1', value: 'second' },
    ]);
    await waitUntil(() => deliveries.includes('1'), 40_000);

    expect(deliveries).toEqual(['0', '0', '1']);
    expect(errors).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining('handler failed'), fields: expect.objectContaining({ topic, offset: '0' }) }),
    );
  }, 60_000);

  it('hands a batch handler consecutive messages of a partition (at most maxBatchMessages), each with its own consumer span, and delivers a failed batch again whole', async () => {
    const topic = await freshTopic();
    const batches: string[][] = [];
    const activeTraces: Array<string | undefined> = [];
    let failures = 0;
    await consume(topic, undefined, {
      maxBatchMessages: 4,
      batchHandler: async (messages) => {
        batches.push(messages.map((message) => message.value!.toString()));
        activeTraces.push(trace.getActiveSpan()?.spanContext().traceId);
        if (messages.some((message) => message.value!.toString() === 'm5') && failures++ === 0) throw new Error('transient failure');
      },
    });

    const senders = Array.from({ length: 10 }, (_, n) => provider.getTracer('spec').startSpan(`sender ${n}`));
    await producer.sendBatch(
      topic,
      senders.map((sender, n) => ({ key: 'room-1', value: `m${n}`, context: trace.setSpan(context.active(), sender) })),
    );
    senders.forEach((sender) => sender.end());
    await waitUntil(() => batches.flat().includes('m9'), 40_000);

    expect(batches.every((batch) => batch.length <= 4)).toBe(true);
    // Every message in order; those of the failed batch twice, the next batch starting where it started.
    const delivered = batches.flat();
    const failedAt = batches.findIndex((batch) => batch.includes('m5'));
    const failed = batches[failedAt];
    expect([...new Set(delivered)]).toEqual(Array.from({ length: 10 }, (_, n) => `m${n}`));
    expect(delivered.filter((m, i) => delivered.indexOf(m) !== i)).toEqual(failed);
    expect(batches[failedAt + 1][0]).toBe(failed[0]);
    const processSpans = exporter.getFinishedSpans().filter((span) => span.name === `${topic} process`);
    expect(new Set(processSpans.map((span) => span.spanContext().traceId))).toEqual(new Set(senders.map((sender) => sender.spanContext().traceId)));
    expect(processSpans.filter((span) => span.status.code === 2)).toHaveLength(failed.length);
    // The handler ran with the first message's span active.
    expect(activeTraces[0]).toBe(senders[0].spanContext().traceId);
  }, 60_000);

  it('refuses options with none or more than one of the handlers, or an empty batch size', async () => {
    await expect(runConsumer(kafka, { groupId: 'g', topics: ['t'] })).rejects.toThrow('exactly one of handler, batchHandler and settlingHandler');
    await expect(runConsumer(kafka, { groupId: 'g', topics: ['t'], handler: async () => undefined, batchHandler: async () => undefined })).rejects.toThrow('exactly one');
    await expect(runConsumer(kafka, { groupId: 'g', topics: ['t'], handler: async () => undefined, settlingHandler: async () => ({ settled: Promise.resolve() }) })).rejects.toThrow('exactly one');
    await expect(runConsumer(kafka, { groupId: 'g', topics: ['t'], batchHandler: async () => undefined, maxBatchMessages: 0 })).rejects.toThrow('maxBatchMessages');
  });

  describe('with a settling handler', () => {
    const committedOffset = async (groupId: string, topic: string) => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions[0].offset;

    async function settleLater(topic: string, count: number, options: Partial<ConsumerOptions> = {}) {
      const work = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
      await consume(topic, undefined, {
        commitIntervalMs: 100,
        ...options,
        settlingHandler: async (message) => {
          const settled = new Promise<void>((resolve, reject) => work.set(message.offset, { resolve, reject }));
          return { settled };
        },
      });
      for (let i = 0; i < count; i++) await producer.send(topic, { key: 'room-1', value: `event ${i}` });
      await waitUntil(() => work.size === count, 20_000);
      return work;
    }

    it('reads on at once, and commits a partition only as far as the work of its messages settled, in order', async () => {
      const topic = await freshTopic();
      const work = await settleLater(topic, 4);
      expect(await committedOffset(`${topic}.group`, topic)).toBe('-1');

      ['0', '2', '3'].forEach((offset) => work.get(offset)!.resolve());
      let committed = '-1';
      await waitUntilAsync(async () => (committed = await committedOffset(`${topic}.group`, topic)) !== '-1', 10_000);
      expect(committed).toBe('1');
      // Past kafkajs' own 5 s commit interval, and one more message read: offset 1 has not
      // settled, so nothing after it is committed.
      await sleep(5_500);
      await producer.send(topic, { key: 'room-1', value: 'event 4' });
      await waitUntil(() => work.size === 5, 20_000);
      await sleep(500);
      expect(await committedOffset(`${topic}.group`, topic)).toBe('1');

      work.get('1')!.resolve();
      await waitUntilAsync(async () => (await committedOffset(`${topic}.group`, topic)) === '4', 10_000);
      work.get('4')!.resolve();
      await waitUntilAsync(async () => (await committedOffset(`${topic}.group`, topic)) === '5', 10_000);
    }, 40_000);

    it('commits what settled at stop, so a restart reads again exactly the rest, including work that failed', async () => {
      const topic = await freshTopic();
      const work = await settleLater(topic, 4, { settleTimeoutMs: 300 });
      work.get('0')!.resolve();
      work.get('1')!.reject(new Error('history unavailable'));
      work.get('2')!.resolve();
      errors.length = 0;
      await running.pop()!.stop();

      expect(await committedOffset(`${topic}.group`, topic)).toBe('1');
      expect(errors.some(({ message }) => message?.includes('not committed past it'))).toBe(true);
      const again: string[] = [];
      await consume(topic, async (message) => void again.push(message.offset));
      await waitUntil(() => again.length === 3, 20_000);
      expect(again).toEqual(['1', '2', '3']);
    }, 40_000);
  });

  it('stops only after the handler in flight finished, with its offset committed', async () => {
    const topic = await freshTopic();
    let started = false;
    let finished = false;
    const consumer = await consume(topic, async () => {
      started = true;
      await sleep(1_500);
      finished = true;
    });
    await producer.send(topic, { key: 'room-1', value: 'work' });
    await waitUntil(() => started, 20_000);

    await consumer.stop();

    expect(finished).toBe(true);
    const [committed] = await admin.fetchOffsets({ groupId: `${topic}.group`, topics: [topic] });
    expect(committed.partitions).toEqual([{ partition: 0, offset: '1', metadata: null }]);
  }, 30_000);
});
