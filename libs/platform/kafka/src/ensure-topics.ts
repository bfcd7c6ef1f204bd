import type { Admin, Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  /** The broker's default.replication.factor when absent. */
  replicationFactor?: number;
  /** How long messages are kept: long enough to resume viewers and rebuild read models. */
  retentionMs?: number;
}

/**
 * Creates the topics that do not exist yet and returns their names; safe to run from every
 * replica at once. Existing topics are left as they are: adding partitions would move keys to
 * other partitions and break per-room order. Returns only once every topic has a leader for
 * each partition, also those another process is creating at the same moment: a consumer that
 * subscribes earlier is refused with "This server does not host this topic-partition".
 */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[], timeoutMs = 30_000): Promise<string[]> {
  const logger = kafka.logger().namespace('ovation.topics');
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length) {
      // Resolves false when another process created them all first, which is just as good. Not
      // kafkajs' waitForLeaders: it gives up on the "does not host this topic-partition" answer
      // Kafka 4 may give for a topic just created; waitForLeaders below retries it.
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.numPartitions,
          replicationFactor: spec.replicationFactor ?? -1,
          configEntries: spec.retentionMs === undefined ? [] : [{ name: 'retention.ms', value: String(spec.retentionMs) }],
        })),
      });
    }
    await waitForLeaders(admin, specs.map((spec) => spec.topic), timeoutMs);
    const created = missing.map((spec) => spec.topic);
    if (created.length) logger.info('created missing topics', { topics: created });
    return created;
  } finally {
    await admin.disconnect();
  }
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problem = await leaderlessPartition(admin, topics);
    if (!problem) return;
    if (Date.now() >= deadline) throw new Error(`Kafka topics not ready after ${timeoutMs} ms: ${problem}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Describes what still lacks a leader, or undefined when every partition of every topic has one. */
async function leaderlessPartition(admin: Admin, topics: string[]): Promise<string | undefined> {
  try {
    const { topics: described } = await admin.fetchTopicMetadata({ topics });
    for (const topic of described) {
      if (!topic.partitions.length) return `${topic.name} has no partitions yet`;
      const leaderless = topic.partitions.find((partition) => partition.leader < 0);
      if (leaderless) return `${topic.name}[${leaderless.partitionId}] has no leader`;
    }
    return undefined;
  } catch (error) {
    return String(error);
  }
}
