import { roomV1 } from '@ovation/contracts';
import { PresenceAggregator } from '@ovation/presence';
import { LifecycleError, RoomNotFoundError, RoomStatus, transition } from '@ovation/room-domain';
import type { Logger } from 'pino';
import type { FindOptionsWhere, Repository } from 'typeorm';
import { RoomEventPublisher } from '../events/room-event-publisher';
import { RoomMetrics } from '../metrics/room-metrics';
import { RoomEntity } from '../persistence/room.entity';
import { toProtoStatus } from './room-mapper';

const ATTEMPTS = 3;

/** A condition a guarded move needs besides the status: a predicate on the row and the same condition as UPDATE criteria. */
export interface TransitionGuard {
  holds: (room: RoomEntity) => boolean;
  where: FindOptionsWhere<RoomEntity>;
}

/**
 * The one way a room changes status. The move is a conditional UPDATE on the status read, so two
 * racing moves cannot both win; then the live list in Redis follows, then the RoomEvent is
 * appended (persist, then publish: a crash between the two loses the event, never the change —
 * readers that need the truth ask GetRoom).
 */
export class RoomTransitions {
  constructor(
    private readonly rooms: Repository<RoomEntity>,
    private readonly events: RoomEventPublisher,
    private readonly presence: PresenceAggregator,
    private readonly metrics: RoomMetrics,
    private readonly logger: Logger,
  ) {}

  /** Moves the room to `to` at `at`, with `changes` written in the same UPDATE; LifecycleError when the state machine forbids it. */
  async move(roomId: string, to: RoomStatus, reason: string, at: number, changes: Partial<RoomEntity> = {}): Promise<RoomEntity> {
    return (await this.moveIf(roomId, to, reason, at, changes, { holds: () => true, where: {} }))!;
  }

  /**
   * The same, only while `guard` still holds (checked on the row read and again in the UPDATE):
   * null when it no longer does, e.g. a lost stream came back before its grace period ended.
   */
  async moveIf(roomId: string, to: RoomStatus, reason: string, at: number, changes: Partial<RoomEntity>, guard: TransitionGuard): Promise<RoomEntity | null> {
    for (let attempt = 1; ; attempt += 1) {
      const room = await this.rooms.findOneBy({ id: roomId });
      if (!room) throw new RoomNotFoundError(roomId);
      if (!guard.holds(room)) return null;
      const from = room.status;
      transition(from, to);
      const update: Partial<RoomEntity> = {
        status: to,
        ...(to === 'live' && { liveAt: at, streamLostAt: null }),
        ...(to === 'ended' && { endedAt: at, streamLostAt: null }),
        ...changes,
      };
      const result = await this.rooms.update({ ...guard.where, id: roomId, status: from }, update);
      if (result.affected) {
        Object.assign(room, update);
        await this.afterMove(room, from, reason, at);
        return room;
      }
      if (attempt === ATTEMPTS) throw new LifecycleError(from, to);
    }
  }

  private async afterMove(room: RoomEntity, from: RoomStatus, reason: string, at: number): Promise<void> {
    this.metrics.transitions.inc({ from, to: room.status });
    this.logger.info({ roomId: room.id, from, to: room.status, reason }, 'room status changed');
    try {
      if (room.status === 'live') await this.presence.upsertLiveRoom(room.id, room.category);
      if (room.status === 'ended') await this.presence.removeLiveRoom(room.id);
    } catch (error) {
      // The periodic reconciliation of the live list with the database repairs it.
      this.logger.warn({ err: error, roomId: room.id }, 'live room list not updated; reconciliation will repair it');
    }
    await this.events.publish({
      roomId: room.id,
      atMs: String(at),
      state: { from: toProtoStatus(from), to: toProtoStatus(room.status), reason },
    });
  }

  /** The event a brand-new room starts its stream with (there is no status before it). */
  async announceCreated(room: RoomEntity): Promise<void> {
    this.metrics.transitions.inc({ from: 'none', to: 'created' });
    await this.events.publish({
      roomId: room.id,
      atMs: String(room.createdAt),
      state: { from: roomV1.RoomStatus.ROOM_STATUS_UNSPECIFIED, to: toProtoStatus('created'), reason: 'created' },
    });
  }
}
