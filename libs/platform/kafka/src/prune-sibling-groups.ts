import type { Admin, Kafka } from 'kafkajs';
import { committedOffsets, siblingGroupIds, withGroupAdmin } from './group-admin';

export interface PruneSiblingGroupsOptions {
  /** The group of the instance pruning: never deleted, and counts as live once it has members. */
  groupId: string;
  topic: string;
  /** Groups of other instances of the same role (e.g. `ns.danmaku-push.`). */
  siblingPrefix: string;
  /** Called before each new attempt after a failure kafkajs marks retriable. */
  onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
}

export interface PrunedGroups {
  deleted: string[];
  /** Left: groups with members, groups no live one has passed, and any the broker refused to delete. */
  kept: string[];
}

const LIVE_STATES = new Set(['Stable', 'PreparingRebalance', 'CompletingRebalance']);

/**
 * Deletes the groups of sibling instances that are gone: no members, and a live sibling has
 * committed at least as far on every partition they had committed, so `inheritedOffsets` would
 * never take anything from them. With a group per instance, Kafka otherwise keeps every group
 * an instance ever had until offset retention (7 days by default) drops it, and each start lists
 * and reads them all. Nothing is deleted while no sibling is live: then the empty groups are
 * where the next instance starts. The broker refuses to delete a group that has members again.
 */
export function pruneSiblingGroups(kafka: Kafka, options: PruneSiblingGroupsOptions): Promise<PrunedGroups> {
  return withGroupAdmin(kafka, (admin) => prune(admin, options), options.onRetry);
}

async function prune(admin: Admin, options: PruneSiblingGroupsOptions): Promise<PrunedGroups> {
  const groupIds = [options.groupId, ...(await siblingGroupIds(admin, options.siblingPrefix, options.groupId))];
  const { groups } = await admin.describeGroups(groupIds);
  const live = new Set(groups.filter((group) => group.members.length > 0 && LIVE_STATES.has(group.state)).map((group) => group.groupId));
  const empty = groups.filter((group) => group.state === 'Empty' && group.groupId !== options.groupId).map((group) => group.groupId);
  const offsets = new Map(await Promise.all([...live, ...empty].map(async (groupId) => [groupId, await committedOffsets(admin, groupId, options.topic)] as const)));
  const passedByLive = (groupId: string) =>
    [...live].some((liveId) => [...offsets.get(groupId)!].every(([partition, offset]) => (offsets.get(liveId)!.get(partition) ?? -1n) >= offset));
  const deletable = empty.filter(passedByLive);
  const refused = new Set(deletable.length ? await deleteGroups(admin, deletable) : []);
  const deleted = deletable.filter((groupId) => !refused.has(groupId));
  return { deleted, kept: groupIds.filter((groupId) => !deleted.includes(groupId)) };
}

/** Deletes the groups; returns those the broker refused (e.g. a member joined meanwhile). */
async function deleteGroups(admin: Admin, groupIds: string[]): Promise<string[]> {
  try {
    await admin.deleteGroups(groupIds);
    return [];
  } catch (error) {
    const refused = (error as { name?: string; groups?: { groupId: string }[] }).groups;
    if ((error as { name?: string }).name !== 'KafkaJSDeleteGroupsError' || !refused) throw error;
    return refused.map(({ groupId }) => groupId);
  }
}
