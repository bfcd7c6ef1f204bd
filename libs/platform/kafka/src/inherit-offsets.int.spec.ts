import { randomBytes } from 'node:crypto';
import { createKafka, ensureTopics, inheritedOffsets, KafkaLogger, runConsumer } from './index';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const quietLogger: KafkaLogger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
const kafka = createKafka({ clientId: 'inherit-offsets-spec', brokers, logger: quietLogger });
const admin = kafka.admin();
const producer = kafka.producer();
const HOUR = 3_600_000;
jest.setTimeout(60_000);
let topic: string;
let prefix: string;

/** Commits `offsets` (partition → offset) for a group, as a stopped instance would have left them. */
async function leftOff(groupId: string, offsets: Record<number, number>): Promise<void> {
  await admin.setOffsets({ groupId, topic, partitions: Object.entries(offsets).map(([partition, offset]) => ({ partition: Number(partition), offset: String(offset) })) });
}

async function committed(groupId: string): Promise<Record<number, string>> {
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return Object.fromEntries(entry.partitions.map(({ partition, offset }) => [partition, offset]));
}

beforeAll(async () => {
  await Promise.all([admin.connect(), producer.connect()]);
  const id = randomBytes(4).toString('hex');
  topic = `spec.inherit.${id}`;
  prefix = `spec.inherit.${id}.node.`;
  await ensureTopics(kafka, [{ topic, numPartitions: 2 }]);
  // Partition 0: offsets 0-3 two hours old, 4-9 recent. Partition 1: offsets 0-9 recent.
  const now = Date.now();
  const messages = (partition: number, from: number, count: number, timestamp: number) =>
    Array.from({ length: count }, (_, i) => ({ partition, value: `${partition}:${from + i}`, timestamp: String(timestamp) }));
  await producer.send({ topic, messages: messages(0, 0, 4, now - 2 * HOUR) });
  await producer.send({ topic, messages: [...messages(0, 4, 6, now), ...messages(1, 0, 10, now)] });
});

afterAll(async () => {
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

describe('inheritedOffsets (real broker)', () => {
  beforeAll(async () => {
    await Promise.all([
      leftOff(`${prefix}a`, { 0: 5, 1: 2 }),
      leftOff(`${prefix}b`, { 0: 7 }),
      leftOff(`${topic}.someone-else`, { 0: 9, 1: 9 }),
      leftOff(`${prefix}old.gone`, { 0: 1, 1: 0 }),
    ]);
  });

  it('starts a new group at the furthest offsets its siblings committed, ignoring other groups', async () => {
    const start = await inheritedOffsets(kafka, { groupId: `${prefix}c`, topic, siblingPrefix: prefix, notBeforeMs: Date.now() - HOUR });

    expect(start).toEqual({
      kind: 'inherited',
      partitions: [
        { topic, partition: 0, offset: '7' },
        { topic, partition: 1, offset: '2' },
      ],
      siblings: expect.arrayContaining([`${prefix}a`, `${prefix}b`, `${prefix}old.gone`]),
    });
  });

  it('never starts before notBeforeMs: a sibling that stopped long ago only brings the group to the recent messages', async () => {
    const start = await inheritedOffsets(kafka, { groupId: `${prefix}old.new`, topic, siblingPrefix: `${prefix}old.`, notBeforeMs: Date.now() - HOUR });

    // Partition 0's offsets 1-3 are two hours old: the group starts at 4, the first recent one.
    expect(start).toMatchObject({ kind: 'inherited', partitions: [{ partition: 0, offset: '4' }, { partition: 1, offset: '0' }] });
  });

  it('leaves a group that has offsets of its own to them', async () => {
    expect(await inheritedOffsets(kafka, { groupId: `${prefix}a`, topic, siblingPrefix: prefix, notBeforeMs: 0 })).toEqual({ kind: 'own' });
  });

  it('has nothing to offer when no sibling ever committed', async () => {
    expect(await inheritedOffsets(kafka, { groupId: `${prefix}lonely.first`, topic, siblingPrefix: `${prefix}lonely.`, notBeforeMs: 0 })).toEqual({ kind: 'none' });
  });

  it('runConsumer starts a new group where startAt says, not at the latest offset, commits that start at once and goes on from there', async () => {
    const groupId = `${prefix}e`;
    const start = await inheritedOffsets(kafka, { groupId, topic, siblingPrefix: prefix, notBeforeMs: Date.now() - HOUR });
    if (start.kind !== 'inherited') throw new Error(`expected inherited offsets, got ${start.kind}`);
    const expected = ['0:7', '0:8', '0:9', ...Array.from({ length: 8 }, (_, i) => `1:${i + 2}`)];
    const handled: string[] = [];
    let allHandled!: () => void;
    const done = new Promise<void>((resolve) => (allHandled = resolve));
    let letThrough!: () => void;
    const gate = new Promise<void>((resolve) => (letThrough = resolve));
    const consumer = await runConsumer(kafka, {
      groupId,
      topics: [topic],
      startAt: start.partitions,
      handler: async (message) => {
        await gate;
        handled.push(message.value!.toString());
        if (handled.length === expected.length) allHandled();
      },
    });
    try {
      // Committed before anything was handled: the group stands where it starts.
      expect(await committed(groupId)).toEqual({ 0: '7', 1: '2' });
      letThrough();
      await done;
      expect([...handled].sort()).toEqual(expected.sort());
    } finally {
      await consumer.stop();
    }
    expect(await committed(groupId)).toEqual({ 0: '10', 1: '10' });
  });
});
