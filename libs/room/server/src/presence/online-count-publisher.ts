import { PresenceAggregator } from '@ovation/presence';
import type { Logger } from 'pino';
import type { Repository } from 'typeorm';
import { RoomEventPublisher } from '../events/room-event-publisher';
import { RoomMetrics } from '../metrics/room-metrics';
import { RoomEntity } from '../persistence/room.entity';

/**
 * Every period: re-aggregates the push nodes' reports, re-sorts the live list and appends an
 * OnlineCount event to each live room's stream. Only the instance holding the publisher lease
 * does it, so several room replicas do not multiply the events.
 */
export class OnlineCountPublisher {
  constructor(
    private readonly presence: PresenceAggregator,
    private readonly rooms: Repository<RoomEntity>,
    private readonly events: RoomEventPublisher,
    private readonly metrics: RoomMetrics,
    private readonly logger: Logger,
    private readonly instanceId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** One period; `leaseMs` should outlast a couple of periods. Returns how many rooms were published, or null when another instance leads. */
  async tick(leaseMs: number): Promise<number | null> {
    if (!(await this.presence.claimPublisher(this.instanceId, leaseMs))) return null;
    const { live, nodes } = await this.presence.refreshLiveRooms();
    const atMs = String(this.now());
    await this.events.publishMany(
      [...live].map(([roomId, presence]) => ({ roomId, atMs, online: { connections: presence.connections, uniqueUsers: presence.uniqueUsers } })),
    );
    this.metrics.liveRooms.set(live.size);
    this.metrics.presenceNodes.set(nodes);
    this.metrics.onlineConnections.set([...live.values()].reduce((sum, presence) => sum + presence.connections, 0));
    return live.size;
  }

  /**
   * Brings the live list in Redis in line with the database (the truth): adds live rooms it
   * misses (Redis was flushed, an update failed), drops rooms that are no longer live.
   */
  async reconcile(): Promise<{ added: number; removed: number }> {
    const [liveRows, listed] = await Promise.all([this.rooms.find({ select: { id: true, category: true }, where: { status: 'live' } }), this.presence.liveRooms()]);
    const live = new Map(liveRows.map((room) => [room.id, room.category]));
    let added = 0;
    let removed = 0;
    for (const [roomId, category] of live) {
      if (listed.get(roomId) === category) continue;
      await this.presence.upsertLiveRoom(roomId, category);
      added += 1;
    }
    for (const roomId of listed.keys()) {
      if (live.has(roomId)) continue;
      // A room that went live after the query above is in Redis but not in `live`: re-check it.
      const row = await this.rooms.findOne({ select: { id: true, status: true }, where: { id: roomId } });
      if (row?.status === 'live') continue;
      await this.presence.removeLiveRoom(roomId);
      removed += 1;
    }
    if (added || removed) this.logger.warn({ added, removed }, 'live room list reconciled with the database');
    return { added, removed };
  }
}
