import { randomUUID } from 'node:crypto';
import { roomV1 } from '@ovation/contracts';
import { LivePosition, PresenceAggregator } from '@ovation/presence';
import {
  Actor,
  CATEGORY_MAX,
  decodeCursor,
  encodeCursor,
  pageLimit,
  RoomAccess,
  RoomDetails,
  RoomNotFoundError,
  requireOperation,
  validateRoomDetails,
} from '@ovation/room-domain';
import { ValidationError, isDependencyOutage } from '@ovation/errors';
import { requireId } from '@ovation/ids';
import { In, type Repository } from 'typeorm';
import { ownership } from '../moderation/room-roles';
import { RoomEntity } from '../persistence/room.entity';
import { StreamKeyring } from '../streams/stream-keyring';
import { toProtoRoom } from './room-mapper';
import { RoomTransitions } from './room-transitions';

export interface PageRequest {
  cursor?: string;
  limit?: number;
}

export interface RoomPage {
  rooms: roomV1.Room[];
  /** Empty when there is nothing more. */
  nextCursor: string;
}

interface OwnerPosition {
  t: number;
  id: string;
}
interface LiveCursor {
  c: number;
  id: string;
}
const isOwnerPosition = (value: unknown): value is OwnerPosition =>
  typeof (value as OwnerPosition)?.t === 'number' && typeof (value as OwnerPosition)?.id === 'string';
const isLiveCursor = (value: unknown): value is LiveCursor => typeof (value as LiveCursor)?.c === 'number' && typeof (value as LiveCursor)?.id === 'string';

/** Far longer than Redis takes when it is up; well inside a caller's 2 s deadline. */
const COUNTS_WAIT_MS = 500;

/** Rooms themselves: create, read, list, edit, end. Status changes go through RoomTransitions. */
export class RoomsService {
  constructor(
    private readonly rooms: Repository<RoomEntity>,
    private readonly transitions: RoomTransitions,
    private readonly presence: PresenceAggregator,
    private readonly keyring: StreamKeyring,
    private readonly now: () => number = Date.now,
    /** Told when online counts could not be read (Redis down) and a room was served without them. */
    private readonly onCountsUnavailable: (error: unknown) => void = () => undefined,
  ) {}

  async create(actor: Actor, details: Partial<RoomDetails>): Promise<roomV1.Room> {
    const valid = validateRoomDetails(details, true) as RoomDetails;
    const id = randomUUID();
    const room = this.rooms.create({
      id,
      ownerId: actor.userId,
      ...valid,
      status: 'created',
      createdAt: this.now(),
      liveAt: null,
      endedAt: null,
      streamKeyHash: this.keyring.hashOf(id, 1),
      keyVersion: 1,
      publishingNode: null,
      publishingStreamId: null,
      streamLostAt: null,
      thumbnailUrl: '',
    });
    await this.rooms.insert(room);
    await this.transitions.announceCreated(room);
    return toProtoRoom(room);
  }

  /** The row itself, for the other use cases; RoomNotFoundError when absent. */
  async find(roomId: string): Promise<RoomEntity> {
    const room = await this.rooms.findOneBy({ id: requireId('roomId', roomId) });
    if (!room) throw new RoomNotFoundError(roomId);
    return room;
  }

  async get(roomId: string): Promise<roomV1.Room> {
    const room = await this.find(roomId);
    return toProtoRoom(room, await this.onlineCount(room));
  }

  async update(actor: Actor, roomId: string, details: Partial<RoomDetails>): Promise<roomV1.Room> {
    const room = await this.find(roomId);
    RoomAccess.manage(actor, ownership(room, actor.userId));
    requireOperation('edit', room);
    const changes = validateRoomDetails(details, false);
    if (Object.keys(changes).length) {
      // Only while the room still allows it: an end racing this edit wins.
      const result = await this.rooms.update({ id: roomId, status: room.status }, changes);
      if (!result.affected) return this.update(actor, roomId, details);
      Object.assign(room, changes);
      if (room.status === 'live' && changes.category) await this.presence.upsertLiveRoom(room.id, room.category).catch((error) => this.countsUnavailable(error));
    }
    return toProtoRoom(room, await this.onlineCount(room));
  }

  /** Owner or platform admin; a live stream is cut (ingest follows the room event). Ending twice is a conflict. */
  async end(actor: Actor, roomId: string, reason: string): Promise<roomV1.Room> {
    const room = await this.find(roomId);
    RoomAccess.manage(actor, ownership(room, actor.userId));
    requireOperation('end', room);
    const ended = await this.transitions.move(roomId, 'ended', reason || (actor.userId === room.ownerId ? 'ended_by_owner' : 'ended_by_admin'), this.now(), {
      publishingNode: null,
      publishingStreamId: null,
    });
    return toProtoRoom(ended);
  }

  /** Newest first. */
  async listOwner(ownerId: string, page: PageRequest): Promise<RoomPage> {
    requireId('ownerId', ownerId);
    const limit = pageLimit(page.limit);
    const after = decodeCursor(page.cursor, isOwnerPosition);
    const query = this.rooms
      .createQueryBuilder('room')
      .where('room.owner_id = :ownerId', { ownerId })
      .orderBy('room.created_at', 'DESC')
      .addOrderBy('room.id', 'DESC')
      .limit(limit + 1);
    if (after) query.andWhere('(room.created_at < :t OR (room.created_at = :t AND room.id < :id))', after);
    const found = await query.getMany();
    const rooms = found.slice(0, limit);
    const counts = await this.onlineCounts(rooms.filter((room) => room.status === 'live').map((room) => room.id));
    const last = rooms[rooms.length - 1];
    return {
      rooms: rooms.map((room) => toProtoRoom(room, counts.get(room.id))),
      nextCursor: found.length > limit ? encodeCursor({ t: last.createdAt, id: last.id }) : '',
    };
  }

  /** Most watched first (as last aggregated), then by id; optionally one category. */
  async listLive(category: string, page: PageRequest): Promise<RoomPage> {
    if (category.length > CATEGORY_MAX) throw new ValidationError('category', `category must be at most ${CATEGORY_MAX} characters`);
    const limit = pageLimit(page.limit);
    const cursor = decodeCursor(page.cursor, isLiveCursor);
    const after: LivePosition | undefined = cursor && { connections: cursor.c, roomId: cursor.id };
    const entries = await this.presence.liveRoomsPage({ category: category || undefined, after, limit: limit + 1 });
    const shown = entries.slice(0, limit);
    const byId = new Map((shown.length ? await this.rooms.findBy({ id: In(shown.map((entry) => entry.roomId)) }) : []).map((room) => [room.id, room]));
    const last = shown[shown.length - 1];
    return {
      // A room that ended a moment ago may still be listed in Redis: the database has the last word.
      rooms: shown.flatMap((entry) => {
        const room = byId.get(entry.roomId);
        return room?.status === 'live' ? [toProtoRoom(room, entry.connections)] : [];
      }),
      nextCursor: entries.length > limit ? encodeCursor({ c: last.connections, id: last.roomId }) : '',
    };
  }

  private async onlineCount(room: RoomEntity): Promise<number> {
    if (room.status !== 'live') return 0;
    return (await this.onlineCounts([room.id])).get(room.id) ?? 0;
  }

  /**
   * Online counts decorate a room; the database is what it is. With the counts' Redis down a
   * room is still read, edited and listed by owner, its count 0 until Redis answers again.
   */
  private async onlineCounts(roomIds: string[]): Promise<Map<string, number>> {
    const answer = this.presence.onlineCounts(roomIds);
    answer.catch(() => undefined); // a failure after the wait below gave up was counted as that give-up
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, COUNTS_WAIT_MS, undefined)));
    try {
      const counts = await Promise.race([answer, gaveUp]);
      if (counts) return counts;
      // A Redis that does not answer (reconnecting, partitioned) would hold the room read until
      // the caller's deadline: a count is not worth that.
      this.onCountsUnavailable(new Error(`online counts not answered within ${COUNTS_WAIT_MS} ms`));
      return new Map();
    } catch (error) {
      this.countsUnavailable(error);
      return new Map();
    } finally {
      clearTimeout(timer);
    }
  }

  /** A Redis outage degrades (the live list is repaired from the database by reconcile); anything else is a failure. */
  private countsUnavailable(error: unknown): void {
    if (!isDependencyOutage(error)) throw error;
    this.onCountsUnavailable(error);
  }
}
