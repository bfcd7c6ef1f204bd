import { withRetry } from '@ovation/retry';
import type { Admin, Kafka } from 'kafkajs';

export interface InheritOffsetsOptions {
  /** The group about to start. */
  groupId: string;
  topic: string;
  /** Groups whose offsets it may take: other instances of the same role (e.g. `ns.danmaku-push.`). */
  siblingPrefix: string;
  /** Never start before the first message stamped at or after this time (epoch ms): older ones are not needed. */
  notBeforeMs: number;
  /** Called before each new attempt after a failure kafkajs marks retriable. */
  onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
}

// kafkajs' admin does not retry a group coordinator that is still loading (a broker that just
// started answers so for a few seconds); a node starting with it must not crash.
const ADMIN_RETRY = { attempts: 10, baseDelayMs: 200, maxDelayMs: 3_000 };
const isRetriable = (error: unknown) => (error as { retriable?: unknown } | null)?.retriable === true;

export interface PartitionStart {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * What a group starts from: its own committed offsets, offsets taken from its siblings (the
 * furthest any of them committed, no earlier than `notBeforeMs`), or none (the consumer's own
 * default applies).
 */
export type GroupStart = { kind: 'own' } | { kind: 'none' } | { kind: 'inherited'; partitions: PartitionStart[]; siblings: string[] };

/**
 * Where a group that has no committed offsets yet should start: the furthest offsets its siblings
 * committed on `topic` (runConsumer's `startAt`). A consumer that keeps a group per instance and
 * would otherwise start at the latest offset so starts where the last instance left off: when
 * every instance was down for a while, what arrived meanwhile is read rather than skipped.
 */
export async function inheritedOffsets(kafka: Kafka, options: InheritOffsetsOptions): Promise<GroupStart> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await withRetry(() => startOf(admin, options), ADMIN_RETRY, { isRetryable: isRetriable, onRetry: options.onRetry });
  } finally {
    await admin.disconnect();
  }
}

async function startOf(admin: Admin, options: InheritOffsetsOptions): Promise<GroupStart> {
  if ((await committedOffsets(admin, options.groupId, options.topic)).size > 0) return { kind: 'own' };
  const { groups } = await admin.listGroups();
  const siblings = groups.map(({ groupId }) => groupId).filter((groupId) => groupId !== options.groupId && groupId.startsWith(options.siblingPrefix));
  const furthest = new Map<number, bigint>();
  for (const offsets of await Promise.all(siblings.map((sibling) => committedOffsets(admin, sibling, options.topic)))) {
    for (const [partition, offset] of offsets) if (offset > (furthest.get(partition) ?? -1n)) furthest.set(partition, offset);
  }
  if (furthest.size === 0) return { kind: 'none' };
  const floors = new Map((await admin.fetchTopicOffsetsByTimestamp(options.topic, options.notBeforeMs)).map(({ partition, offset }) => [partition, BigInt(offset)]));
  const partitions = [...furthest]
    .sort(([a], [b]) => a - b)
    .map(([partition, offset]) => {
      const floor = floors.get(partition) ?? 0n;
      return { topic: options.topic, partition, offset: String(offset > floor ? offset : floor) };
    });
  return { kind: 'inherited', partitions, siblings };
}

/** The group's committed offset per partition of the topic (partitions it never committed are left out). */
async function committedOffsets(admin: Admin, groupId: string, topic: string): Promise<Map<number, bigint>> {
  const committed = new Map<number, bigint>();
  for (const entry of await admin.fetchOffsets({ groupId, topics: [topic] })) {
    for (const { partition, offset } of entry.partitions) if (BigInt(offset) >= 0n) committed.set(partition, BigInt(offset));
  }
  return committed;
}
