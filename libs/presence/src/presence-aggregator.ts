import { execPipeline, type RedisClient } from '@ovation/redis';
import { PresenceKeys } from './presence-keys';
import { decodePresence, RoomPresence } from './room-presence';
import { leaseScript, livePageScript, pruneNodeScript } from './scripts';

export interface PresenceTotals {
  rooms: Map<string, RoomPresence>;
  /** Push nodes whose report has not expired. */
  nodes: number;
}

/** Where a live-room page starts: after this room at this online count. */
export interface LivePosition {
  connections: number;
  roomId: string;
}

export interface LiveRoomEntry {
  roomId: string;
  connections: number;
}

/**
 * The room service's side: sums the push nodes' reports per room (a dead node's report expired,
 * so it no longer counts) and keeps the live rooms in ZSETs ordered by online count, one for all
 * and one per category, for ListLiveRooms.
 */
export class PresenceAggregator {
  constructor(private readonly redis: RedisClient) {}

  /** Per-room sums over every node whose report is still alive; forgets expired nodes. */
  async totals(): Promise<PresenceTotals> {
    const nodeIds = await this.redis.smembers(PresenceKeys.nodes);
    const reports = nodeIds.length ? await execPipeline(this.redis.pipeline(nodeIds.map((id) => ['hgetall', PresenceKeys.node(id)]))) : [];
    const rooms = new Map<string, RoomPresence>();
    let nodes = 0;
    await Promise.all(
      reports.map(async (report, index) => {
        const counts = report as Record<string, string>;
        if (Object.keys(counts).length === 0) {
          await this.redis.eval(pruneNodeScript, 2, PresenceKeys.nodes, PresenceKeys.node(nodeIds[index]), nodeIds[index]);
          return;
        }
        nodes += 1;
        for (const [roomId, value] of Object.entries(counts)) {
          const presence = decodePresence(value);
          const sum = rooms.get(roomId) ?? { connections: 0, uniqueUsers: 0 };
          rooms.set(roomId, { connections: sum.connections + presence.connections, uniqueUsers: sum.uniqueUsers + presence.uniqueUsers });
        }
      }),
    );
    return { rooms, nodes };
  }

  /** Adds a room to the live lists (or moves it to another category), keeping its current count. */
  async upsertLiveRoom(roomId: string, category: string): Promise<void> {
    const [previous, score] = await Promise.all([this.redis.hget(PresenceKeys.liveCategories, roomId), this.redis.zscore(PresenceKeys.live, roomId)]);
    const tx = this.redis
      .multi()
      .zadd(PresenceKeys.live, score ?? 0, roomId)
      .hset(PresenceKeys.liveCategories, roomId, category)
      .zadd(PresenceKeys.liveInCategory(category), score ?? 0, roomId);
    if (previous !== null && previous !== category) tx.zrem(PresenceKeys.liveInCategory(previous), roomId);
    await execPipeline(tx);
  }

  async removeLiveRoom(roomId: string): Promise<void> {
    const category = await this.redis.hget(PresenceKeys.liveCategories, roomId);
    const tx = this.redis.multi().zrem(PresenceKeys.live, roomId).hdel(PresenceKeys.liveCategories, roomId);
    if (category !== null) tx.zrem(PresenceKeys.liveInCategory(category), roomId);
    await execPipeline(tx);
  }

  /** Every live room and its category. */
  async liveRooms(): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.redis.hgetall(PresenceKeys.liveCategories)));
  }

  /**
   * Re-scores every live room from the nodes' reports and returns each live room's totals (zero
   * when nobody watches). `XX` never re-adds a room that ended meanwhile.
   */
  async refreshLiveRooms(): Promise<{ live: Map<string, RoomPresence>; nodes: number }> {
    const [totals, categories] = await Promise.all([this.totals(), this.liveRooms()]);
    const live = new Map<string, RoomPresence>();
    const tx = this.redis.pipeline();
    for (const [roomId, category] of categories) {
      const presence = totals.rooms.get(roomId) ?? { connections: 0, uniqueUsers: 0 };
      live.set(roomId, presence);
      tx.zadd(PresenceKeys.live, 'XX', -presence.connections, roomId);
      tx.zadd(PresenceKeys.liveInCategory(category), 'XX', -presence.connections, roomId);
    }
    if (categories.size) await execPipeline(tx);
    return { live, nodes: totals.nodes };
  }

  /**
   * Whether `holder` is the one instance that refreshes and publishes counts for the next `ttlMs`:
   * renews its own lease, or takes a lapsed one (its holder died). Call it every period.
   */
  async claimPublisher(holder: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(leaseScript, 1, PresenceKeys.publisherLease, holder, ttlMs)) === 1;
  }

  /** Live rooms, most watched first, then by id; `after` continues where a previous page stopped. */
  async liveRoomsPage(options: { category?: string; after?: LivePosition; limit: number }): Promise<LiveRoomEntry[]> {
    const key = options.category ? PresenceKeys.liveInCategory(options.category) : PresenceKeys.live;
    const after = options.after;
    const flat = (await this.redis.eval(livePageScript, 1, key, after ? -after.connections : 0, after?.roomId ?? '', options.limit, after ? '1' : '0')) as string[];
    const entries: LiveRoomEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) entries.push({ roomId: flat[i], connections: Math.abs(Number(flat[i + 1])) });
    return entries;
  }

  /** The last aggregated online count of each room (0 for rooms that are not live). */
  async onlineCounts(roomIds: string[]): Promise<Map<string, number>> {
    if (!roomIds.length) return new Map();
    const scores = await this.redis.zmscore(PresenceKeys.live, ...roomIds);
    return new Map(roomIds.map((roomId, index) => [roomId, Math.abs(Number(scores[index] ?? 0))]));
  }
}
