import { NotFoundError } from '@ovation/errors';
import type { RedisClient } from '@ovation/redis';
import { NodeKind, NodeReport, RegisteredNode } from '@ovation/scheduler-domain';
import { HEARTBEAT_SCRIPT, LIST_SCRIPT, SET_DRAIN_SCRIPT } from './registry-scripts';

const KEYS = ['scheduler:{nodes}:info', 'scheduler:{nodes}:expiry', 'scheduler:{nodes}:drain'] as const;

type Keys = typeof KEYS;
type ScriptedRedis = RedisClient & {
  ovationSchedulerHeartbeat(...args: [...Keys, number, string, string, number]): Promise<number>;
  ovationSchedulerList(...args: [...Keys, number]): Promise<[Array<string | null>, string[]]>;
  ovationSchedulerSetDrain(...args: [...Keys, number, string, '0' | '1']): Promise<string | null>;
};

interface StoredReport extends NodeReport {
  lastSeenMs: number;
}

/**
 * The node registry in Redis, shared by every scheduler replica. Each heartbeat stores the node's
 * report and pushes its expiry `ttlMs` ahead; a node that stops heartbeating is forgotten once
 * its expiry passes (every call purges the expired, in one atomic script with its own work).
 */
export class NodeRegistry {
  private readonly redis: ScriptedRedis;

  constructor(
    redis: RedisClient,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    const scripts = { ovationSchedulerHeartbeat: HEARTBEAT_SCRIPT, ovationSchedulerList: LIST_SCRIPT, ovationSchedulerSetDrain: SET_DRAIN_SCRIPT };
    for (const [name, lua] of Object.entries(scripts)) {
      if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: KEYS.length, lua });
    }
    this.redis = redis as ScriptedRedis;
  }

  /** Records a node's report; answers whether an operator asked it to drain. */
  async heartbeat(report: NodeReport): Promise<{ drainRequested: boolean }> {
    const now = this.now();
    const stored: StoredReport = { ...report, lastSeenMs: now };
    const drain = await this.redis.ovationSchedulerHeartbeat(...KEYS, now, report.nodeId, JSON.stringify(stored), now + this.ttlMs);
    return { drainRequested: drain === 1 };
  }

  /** The live nodes (of one kind, or all), ordered by kind and id. */
  async list(kind?: NodeKind): Promise<RegisteredNode[]> {
    const [reports, drainRequested] = await this.redis.ovationSchedulerList(...KEYS, this.now());
    const draining = new Set(drainRequested);
    return reports
      .filter((json): json is string => json !== null)
      .map((json) => toRegistered(json, draining.has.bind(draining)))
      .filter((node) => !kind || node.kind === kind)
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.nodeId.localeCompare(b.nodeId));
  }

  /** An operator stops (or resumes) placing new work on a live node; NOT_FOUND when it is not registered. */
  async setDrainRequested(nodeId: string, drain: boolean): Promise<RegisteredNode> {
    const json = await this.redis.ovationSchedulerSetDrain(...KEYS, this.now(), nodeId, drain ? '1' : '0');
    if (json === null) throw new NotFoundError('node', nodeId);
    return toRegistered(json, () => drain);
  }
}

function toRegistered(json: string, drainRequested: (nodeId: string) => boolean): RegisteredNode {
  const stored = JSON.parse(json) as StoredReport;
  return { ...stored, drainRequested: drainRequested(stored.nodeId) };
}
