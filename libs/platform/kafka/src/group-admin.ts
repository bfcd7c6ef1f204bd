import { withRetry } from '@ovation/retry';
import type { Admin, Kafka } from 'kafkajs';

// kafkajs' admin does not retry a group coordinator that is still loading (a broker that just
// started answers so for a few seconds); a node starting with it must not crash.
const ADMIN_RETRY = { attempts: 10, baseDelayMs: 200, maxDelayMs: 3_000 };
const isRetriable = (error: unknown) => (error as { retriable?: unknown } | null)?.retriable === true;

/** Runs `work` with a connected admin client, again after a failure kafkajs marks retriable. */
export async function withGroupAdmin<T>(kafka: Kafka, work: (admin: Admin) => Promise<T>, onRetry?: (attempt: number, error: unknown, delayMs: number) => void): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await withRetry(() => work(admin), ADMIN_RETRY, { isRetryable: isRetriable, onRetry });
  } finally {
    await admin.disconnect();
  }
}

/** The groups whose ids start with `prefix`, `except` left out. */
export async function siblingGroupIds(admin: Admin, prefix: string, except: string): Promise<string[]> {
  const { groups } = await admin.listGroups();
  return groups.map(({ groupId }) => groupId).filter((groupId) => groupId !== except && groupId.startsWith(prefix));
}

/** The group's committed offset per partition of the topic (partitions it never committed are left out). */
export async function committedOffsets(admin: Admin, groupId: string, topic: string): Promise<Map<number, bigint>> {
  const committed = new Map<number, bigint>();
  for (const entry of await admin.fetchOffsets({ groupId, topics: [topic] })) {
    for (const { partition, offset } of entry.partitions) if (BigInt(offset) >= 0n) committed.set(partition, BigInt(offset));
  }
  return committed;
}
