import { Kafka, logLevel } from 'kafkajs';
import { infraEnv } from './infra-env';

/**
 * Removes the Kafka topics of a namespaced run (`<namespace>.*`), so a developer's broker does
 * not gather the partitions of every test run. A broker that is gone (a private one, already
 * stopped) leaves nothing to clean.
 */
export async function dropTopics(namespace: string, brokers = infraEnv().KAFKA_BROKERS): Promise<void> {
  const admin = new Kafka({ clientId: 'ovation-testing-cleanup', brokers: brokers.split(','), logLevel: logLevel.NOTHING, connectionTimeout: 2000, retry: { retries: 1 } }).admin();
  try {
    await admin.connect();
  } catch {
    return;
  }
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${namespace}.`));
    if (topics.length) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}
