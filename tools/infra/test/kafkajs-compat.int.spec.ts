// Proves that kafkajs (the client every service uses) works against the broker version tools/infra
// runs: admin, idempotent keyed produce, consumer groups sharing partitions, committed offsets.
// The broker must be up (the test runner starts it; by hand: `node tools/infra/up.mjs`).
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Consumer, EachMessagePayload, Kafka, logLevel, Partitioners } from 'kafkajs';

const kafka = new Kafka({
  clientId: 'infra-kafkajs-compat',
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  logLevel: logLevel.NOTHING,
});
const admin = kafka.admin();
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
const consumers: Consumer[] = [];

interface Received {
  member: string;
  partition: number;
  offset: string;
  key: string;
  value: string;
}

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(50);
  }
}

// kafkajs' own `waitForLeaders` retries only "leader not available"; Kafka 4 may first answer
// "This server does not host this topic-partition" for a topic just created, which fails it.
// So wait for the leaders here (as @ovation/kafka's ensureTopics does).
async function createTopic(): Promise<string> {
  const topic = `infra-compat-${randomUUID()}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: false });
  await until(`leaders of ${topic}`, async () => {
    try {
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      return metadata.partitions.length === 3 && metadata.partitions.every((partition) => partition.leader >= 0);
    } catch {
      return false;
    }
  });
  return topic;
}

/** Produces `count` messages spread over 10 keys, all acknowledged by every in-sync replica. */
async function produce(topic: string, batch: string, count: number): Promise<void> {
  const messages = Array.from({ length: count }, (_, i) => ({ key: `room-${i % 10}`, value: `${batch}-${i}` }));
  await producer.send({ topic, acks: -1, messages });
}

/** Starts a group member that records what it receives and the partitions it was last assigned. */
async function startMember(member: string, groupId: string, topic: string, into: Received[]) {
  // A short fetch wait: rebalances and disconnects wait for the fetch in flight (5 s by default).
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 250 });
  consumers.push(consumer);
  const assigned = { partitions: [] as number[] };
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    assigned.partitions = payload.memberAssignment[topic] ?? [];
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }: EachMessagePayload) => {
      into.push({ member, partition, offset: message.offset, key: message.key!.toString(), value: message.value!.toString() });
    },
  });
  return { consumer, assigned };
}

async function committedOffsets(groupId: string, topic: string): Promise<Record<number, string>> {
  const [{ partitions }] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return Object.fromEntries(partitions.map((p) => [p.partition, p.offset]));
}

async function endOffsets(topic: string): Promise<Record<number, string>> {
  const partitions = await admin.fetchTopicOffsets(topic);
  return Object.fromEntries(partitions.map((p) => [p.partition, p.high]));
}

beforeAll(async () => {
  await admin.connect();
  await producer.connect();
});

afterEach(async () => {
  await Promise.all(consumers.splice(0).map((consumer) => consumer.disconnect()));
});

afterAll(async () => {
  await producer.disconnect();
  await admin.disconnect();
});

jest.setTimeout(90_000);

it('lists topics and creates one with the requested partitions', async () => {
  const topic = await createTopic();
  expect(await admin.listTopics()).toContain(topic);
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  expect(topics[0].partitions).toHaveLength(3);
});

it('shares the partitions between two members of a group, delivering each message exactly once', async () => {
  const topic = await createTopic();
  const groupId = `infra-compat-${randomUUID()}`;
  const received: Received[] = [];
  const a = await startMember('a', groupId, topic, received);
  const b = await startMember('b', groupId, topic, received);
  // Both members hold a part of the topic once the group has settled after b joined.
  await until('both members to be assigned partitions', () => {
    const all = [...a.assigned.partitions, ...b.assigned.partitions].sort();
    return a.assigned.partitions.length > 0 && b.assigned.partitions.length > 0 && all.join() === '0,1,2';
  });

  await produce(topic, 'first', 60);
  await until('all 60 messages', () => received.length >= 60);

  expect(new Set(received.map((m) => m.value)).size).toBe(60);
  expect(received).toHaveLength(60);
  expect(new Set(received.map((m) => m.member))).toEqual(new Set(['a', 'b']));
  for (const partition of [0, 1, 2]) {
    expect(new Set(received.filter((m) => m.partition === partition).map((m) => m.member)).size).toBeLessThanOrEqual(1);
  }
  // One key, one partition, in the order produced.
  for (let key = 0; key < 10; key += 1) {
    const ofKey = received.filter((m) => m.key === `room-${key}`);
    expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
    const sequence = ofKey.map((m) => Number(m.value.split('-')[1]));
    expect(sequence).toEqual([...sequence].sort((x, y) => x - y));
  }

  await Promise.all(consumers.splice(0).map((consumer) => consumer.disconnect()));
  expect(await committedOffsets(groupId, topic)).toEqual(await endOffsets(topic));
});

it('resumes a restarted member of the group after its committed offsets', async () => {
  const topic = await createTopic();
  const groupId = `infra-compat-${randomUUID()}`;
  const firstRun: Received[] = [];
  await startMember('first', groupId, topic, firstRun);
  await produce(topic, 'before', 30);
  await until('the first 30 messages', () => firstRun.length >= 30);
  await Promise.all(consumers.splice(0).map((consumer) => consumer.disconnect()));
  const committed = await committedOffsets(groupId, topic);
  expect(committed).toEqual(await endOffsets(topic));

  await produce(topic, 'after', 20);
  const secondRun: Received[] = [];
  await startMember('second', groupId, topic, secondRun);
  await until('the 20 new messages', () => secondRun.length >= 20);

  // Anything already committed would come first in its partition, so none of it was re-read.
  expect(secondRun.map((m) => m.value).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `after-${i}`).sort());
  for (const m of secondRun) expect(BigInt(m.offset)).toBeGreaterThanOrEqual(BigInt(committed[m.partition]));
});
