import { randomBytes } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { createKafka, ensureTopics, KafkaLogger, pruneSiblingGroups } from './index';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const quietLogger: KafkaLogger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
const kafka = createKafka({ clientId: 'prune-groups-spec', brokers, logger: quietLogger });
const admin = kafka.admin();
jest.setTimeout(60_000);
let topic: string;
let prefix: string;
let member: Consumer;

/** Commits `offsets` (partition → offset) for a group, as a stopped instance would have left them. */
async function leftOff(groupId: string, offsets: Record<number, number>): Promise<void> {
  await admin.setOffsets({ groupId, topic, partitions: Object.entries(offsets).map(([partition, offset]) => ({ partition: Number(partition), offset: String(offset) })) });
}

async function groupIds(): Promise<string[]> {
  const { groups } = await admin.listGroups();
  return groups.map(({ groupId }) => groupId).filter((groupId) => groupId.startsWith(prefix)).sort();
}

beforeAll(async () => {
  await admin.connect();
  const id = randomBytes(4).toString('hex');
  topic = `spec.prune.${id}`;
  prefix = `spec.prune.${id}.node.`;
  await ensureTopics(kafka, [{ topic, numPartitions: 2 }]);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 20 }, (_, i) => ({ partition: i % 2, value: String(i) })) });
  await producer.disconnect();
});

afterAll(async () => {
  await member?.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

describe('pruneSiblingGroups (real broker)', () => {
  it('deletes nothing while no sibling is live: the empty groups are where the next instance starts', async () => {
    await leftOff(`${prefix}down.a`, { 0: 5, 1: 2 });
    await leftOff(`${prefix}down.b`, { 0: 7 });

    const pruned = await pruneSiblingGroups(kafka, { groupId: `${prefix}down.new`, topic, siblingPrefix: `${prefix}down.` });

    expect(pruned.deleted).toEqual([]);
    expect(await groupIds()).toEqual([`${prefix}down.a`, `${prefix}down.b`]);
  });

  it('deletes the empty groups a live sibling has passed on every partition, and keeps the rest', async () => {
    // The live instance has committed partition 0 to its end and nothing on partition 1.
    const live = `${prefix}up.live`;
    await leftOff(live, { 0: 10 });
    member = kafka.consumer({ groupId: live });
    await member.connect();
    await member.subscribe({ topics: [topic], fromBeginning: false });
    await member.run({ eachMessage: async () => undefined });
    await Promise.all([
      leftOff(`${prefix}up.behind`, { 0: 5 }),
      leftOff(`${prefix}up.level`, { 0: 10 }),
      leftOff(`${prefix}up.ahead-on-1`, { 0: 3, 1: 4 }),
      leftOff(`${prefix}up.self`, { 0: 1 }),
    ]);

    const pruned = await pruneSiblingGroups(kafka, { groupId: `${prefix}up.self`, topic, siblingPrefix: `${prefix}up.` });

    expect(pruned.deleted.sort()).toEqual([`${prefix}up.behind`, `${prefix}up.level`]);
    expect(pruned.kept.sort()).toEqual([`${prefix}up.ahead-on-1`, live, `${prefix}up.self`]);
    expect((await groupIds()).filter((groupId) => groupId.startsWith(`${prefix}up.`))).toEqual([`${prefix}up.ahead-on-1`, live, `${prefix}up.self`]);
  });
});
