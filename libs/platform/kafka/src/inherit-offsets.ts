import type { Admin, Kafka } from 'kafkajs';
import { committedOffsets, siblingGroupIds, withGroupAdmin } from './group-admin';

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
  return withGroupAdmin(kafka, (admin) => startOf(admin, options), options.onRetry);
}

async function startOf(admin: Admin, options: InheritOffsetsOptions): Promise<GroupStart> {
  if ((await committedOffsets(admin, options.groupId, options.topic)).size > 0) return { kind: 'own' };
  const siblings = await siblingGroupIds(admin, options.siblingPrefix, options.groupId);
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
