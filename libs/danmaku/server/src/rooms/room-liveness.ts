import { status as GrpcStatus } from '@grpc/grpc-js';
import { roomV1 } from '@ovation/contracts';
import { ExpiringCache } from '../cache/expiring-cache';
import type { RoomClient } from './room-client';

/**
 * Whether a room is live: what the room event stream said last (a RoomStateChanged seen by this
 * node is the freshest truth), otherwise room's GetRoom, remembered for `ttlMs`. A room that
 * does not exist is not live; an unreachable room service is an error (the caller refuses
 * to guess).
 */
export class RoomLiveness {
  private readonly fetched: ExpiringCache<string, roomV1.RoomStatus>;
  private readonly observed = new Map<string, roomV1.RoomStatus>();

  constructor(
    private readonly rooms: RoomClient,
    ttlMs: number,
    private readonly maxObserved = 100_000,
  ) {
    this.fetched = new ExpiringCache((roomId) => this.fetch(roomId), ttlMs);
  }

  async isLive(roomId: string): Promise<boolean> {
    const status = this.observed.get(roomId) ?? (await this.fetched.get(roomId));
    return status === roomV1.RoomStatus.ROOM_STATUS_LIVE;
  }

  /** A state change read from the room event stream. */
  observe(roomId: string, status: roomV1.RoomStatus): void {
    this.observed.delete(roomId);
    this.observed.set(roomId, status);
    if (this.observed.size > this.maxObserved) this.observed.delete(this.observed.keys().next().value!);
  }

  private async fetch(roomId: string): Promise<roomV1.RoomStatus> {
    try {
      const { room } = await this.rooms.getRoom({ roomId });
      return room?.status ?? roomV1.RoomStatus.ROOM_STATUS_UNSPECIFIED;
    } catch (error) {
      if ((error as { code?: number }).code === GrpcStatus.NOT_FOUND) return roomV1.RoomStatus.ROOM_STATUS_UNSPECIFIED;
      throw error;
    }
  }
}
