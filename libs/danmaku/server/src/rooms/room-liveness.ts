import { roomV1 } from '@ovation/contracts';
import { ExpiringCache, ExpiringCacheOptions } from '../cache/expiring-cache';
import { findRoom, RoomClient } from './room-client';

/**
 * Whether a room is live: what the room event stream said last (a RoomStateChanged seen by this
 * node is the freshest truth), otherwise room's GetRoom. Either answer is trusted for `ttlMs`
 * and then asked of room again (in the background while the room is in use): room publishes a
 * state change after committing it, so a crash in between loses the event, and the TTL bounds how
 * long that leaves a node wrong. A room that does not exist is not live. While room cannot answer
 * (its database is down, say), what was known of a room stands for `staleIfErrorMs` after it
 * expired — room can change no state meanwhile, and its events arrive on the stream anyway; of a
 * room never asked about, an unreachable room service is an error (the caller refuses to guess).
 */
export class RoomLiveness {
  private readonly statuses: ExpiringCache<string, roomV1.RoomStatus>;

  constructor(
    private readonly rooms: RoomClient,
    ttlMs: number,
    options: Pick<ExpiringCacheOptions, 'now' | 'staleIfErrorMs' | 'onStale'> = {},
  ) {
    this.statuses = new ExpiringCache((roomId) => this.fetch(roomId), ttlMs, options);
  }

  async isLive(roomId: string): Promise<boolean> {
    return (await this.statuses.get(roomId)) === roomV1.RoomStatus.ROOM_STATUS_LIVE;
  }

  /** A state change read from the room event stream: answered from now on, over any lookup still under way. */
  observe(roomId: string, status: roomV1.RoomStatus): void {
    this.statuses.set(roomId, status);
  }

  private async fetch(roomId: string): Promise<roomV1.RoomStatus> {
    return (await findRoom(this.rooms, roomId))?.status ?? roomV1.RoomStatus.ROOM_STATUS_UNSPECIFIED;
  }
}
