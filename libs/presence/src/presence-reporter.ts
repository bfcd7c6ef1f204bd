import { execPipeline, type RedisClient } from '@ovation/redis';
import { PresenceKeys } from './presence-keys';
import { encodePresence, RoomPresence } from './room-presence';

export const PRESENCE_TTL_MS_DEFAULT = 10_000;
export const PRESENCE_REPORT_INTERVAL_MS_DEFAULT = 2_000;

/**
 * A push node's side: replaces the node's per-room counts in Redis and gives them a TTL, so the
 * counts of a node that dies (stops reporting) vanish within the TTL without anyone cleaning up.
 */
export class PresenceReporter {
  constructor(
    private readonly redis: RedisClient,
    private readonly ttlMs = PRESENCE_TTL_MS_DEFAULT,
  ) {}

  async report(nodeId: string, rooms: ReadonlyMap<string, RoomPresence>): Promise<void> {
    const key = PresenceKeys.node(nodeId);
    const fields = [...rooms].filter(([, presence]) => presence.connections > 0).flatMap(([roomId, presence]) => [roomId, encodePresence(presence)]);
    const tx = this.redis.multi().del(key);
    if (fields.length) tx.hset(key, ...fields).pexpire(key, this.ttlMs).sadd(PresenceKeys.nodes, nodeId);
    await execPipeline(tx);
  }

  /** A node shutting down takes its counts away at once instead of waiting for the TTL. */
  async withdraw(nodeId: string): Promise<void> {
    await execPipeline(this.redis.multi().del(PresenceKeys.node(nodeId)).srem(PresenceKeys.nodes, nodeId));
  }
}

export interface PresenceReporting {
  /** Stops reporting and withdraws the node's counts. */
  stop(): Promise<void>;
}

/**
 * Reports `snapshot()` every interval (default 2 s) until stopped; a failed report is passed to
 * `onError` and retried at the next tick (the TTL outlives a few missed reports).
 */
export function startPresenceReporting(options: {
  reporter: PresenceReporter;
  nodeId: string;
  snapshot: () => ReadonlyMap<string, RoomPresence>;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}): PresenceReporting {
  let inFlight: Promise<void> = Promise.resolve();
  const tick = () => {
    inFlight = options.reporter.report(options.nodeId, options.snapshot()).catch((error) => options.onError?.(error));
  };
  tick();
  const timer = setInterval(tick, options.intervalMs ?? PRESENCE_REPORT_INTERVAL_MS_DEFAULT);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await inFlight;
      await options.reporter.withdraw(options.nodeId);
    },
  };
}
