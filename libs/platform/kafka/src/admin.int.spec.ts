import { randomBytes } from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { createKafka, ensureTopics, kafkaHealth } from './index';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const kafka = createKafka({ clientId: 'admin-spec', brokers, logLevel: logLevel.ERROR });

describe('ensureTopics (real broker)', () => {
  const topic = `spec.admin.${randomBytes(4).toString('hex')}`;
  const admin = kafka.admin();

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates a missing topic with its partitions and retention, and leaves it alone the second time', async () => {
    expect(await ensureTopics(kafka, [{ topic, numPartitions: 3, retentionMs: 3_600_000 }])).toEqual([topic]);
    expect(await ensureTopics(kafka, [{ topic, numPartitions: 5, retentionMs: 60_000 }])).toEqual([]);

    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
    });
    expect(metadata.partitions).toHaveLength(3);
    expect(resources[0].configEntries).toEqual([expect.objectContaining({ configName: 'retention.ms', configValue: '3600000' })]);
  });
});

describe('ensureTopics from several services at once (real broker)', () => {
  const admin = kafka.admin();
  const topics: string[] = [];

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  });

  // What a fleet does on its first start: every service provisions the same new topics and at
  // once subscribes to them, including those whose own creation request lost the race.
  it('returns only when every partition has a leader, also when another process is creating the topic', async () => {
    for (let round = 0; round < 10; round += 1) {
      const topic = `spec.race.${randomBytes(4).toString('hex')}`;
      topics.push(topic);
      const other = admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: 48 }] });
      await ensureTopics(kafka, [{ topic, numPartitions: 48 }]);
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      expect(metadata.partitions.filter((partition) => partition.leader >= 0)).toHaveLength(48);
      await other;
    }
  }, 60_000);
});

describe('kafkaHealth (real broker)', () => {
  it('passes while the broker answers, on one reused connection', async () => {
    const check = kafkaHealth(kafka);
    try {
      await expect(check()).resolves.toBeUndefined();
      await expect(check()).resolves.toBeUndefined();
    } finally {
      await check.close();
    }
  });

  it('fails within its timeout when no broker answers', async () => {
    const nowhere = new Kafka({ clientId: 'admin-spec', brokers: ['127.0.0.1:1'], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const check = kafkaHealth(nowhere, { timeoutMs: 1_000 });
    const started = Date.now();
    try {
      await expect(check()).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      await check.close();
    }
  });
});
