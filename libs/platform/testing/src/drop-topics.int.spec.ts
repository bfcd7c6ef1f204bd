import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { dropTopics } from './drop-topics';
import { infraEnv } from './infra-env';

describe('dropTopics (real Kafka)', () => {
  const admin = new Kafka({ clientId: 'drop-topics-spec', brokers: infraEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  const namespace = `t${randomBytes(4).toString('hex')}`;
  const neighbour = `t${randomBytes(4).toString('hex')}`;

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics: [`${neighbour}.kept`] }).catch(() => undefined);
    await admin.disconnect();
  });

  it("removes the namespace's topics and no one else's", async () => {
    await admin.createTopics({ topics: [`${namespace}.a`, `${namespace}.b`, `${neighbour}.kept`].map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: false });
    await dropTopics(namespace);
    const left = await admin.listTopics();
    expect(left.filter((topic) => topic.startsWith(`${namespace}.`))).toEqual([]);
    expect(left).toContain(`${neighbour}.kept`);
  }, 60_000);

  it('does nothing when the broker is gone', async () => {
    await expect(dropTopics(namespace, '127.0.0.1:1')).resolves.toBeUndefined();
  }, 30_000);
});
