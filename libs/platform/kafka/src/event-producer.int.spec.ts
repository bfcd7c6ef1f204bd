import { randomBytes } from 'node:crypto';
import { createKafka, ensureTopics, EventProducer } from './index';

// Group commit against the real broker: concurrent sends for one key leave together, and each
// caller still learns its own message's offset.
const kafka = createKafka({ clientId: 'event-producer-spec', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',') });
const producer = new EventProducer(kafka);
const admin = kafka.admin();
const topic = `spec.producer.${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
  await Promise.all([producer.connect(), admin.connect()]);
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await Promise.all([producer.disconnect(), admin.disconnect()]);
});

it('gives every concurrently sent message of a key its own offset, in send order', async () => {
  const sends = Array.from({ length: 60 }, (_, n) => producer.send(topic, { key: n % 2 ? 'room-a' : 'room-b', value: String(n) }));
  const results = await Promise.all(sends);

  const offsetsByKey = new Map<string, bigint[]>();
  results.forEach(([metadata], n) => {
    const key = n % 2 ? 'room-a' : 'room-b';
    offsetsByKey.set(key, [...(offsetsByKey.get(key) ?? []), BigInt(metadata.baseOffset!)]);
  });
  for (const offsets of offsetsByKey.values()) {
    expect(offsets).toHaveLength(30);
    expect(offsets).toEqual(offsets.map((_, i) => offsets[0] + BigInt(i)));
  }

  // What the broker holds at each reported offset is exactly what was sent there.
  const consumer = kafka.consumer({ groupId: `${topic}.check`, maxWaitTimeInMs: 100 });
  const seen = new Map<string, string>();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ partition, message }) => void seen.set(`${partition}:${message.offset}`, message.value!.toString()) });
  const deadline = Date.now() + 20_000;
  while (seen.size < 60 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  await consumer.disconnect();
  results.forEach(([metadata], n) => expect(seen.get(`${metadata.partition}:${metadata.baseOffset}`)).toBe(String(n)));
}, 40_000);
