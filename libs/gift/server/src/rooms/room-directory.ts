import { status as GrpcStatus } from '@grpc/grpc-js';
import { roomV1 } from '@ovation/contracts';
import { DomainError, NotFoundError } from '@ovation/errors';
import type { PromiseClient } from '@ovation/grpc';

/** What a send needs to know about its room: who gets the money, and whether it is live now. */
export interface RoomFacts {
  ownerId: string;
  live: boolean;
}

export interface RoomDirectory {
  /** Throws NotFoundError for an unknown room. */
  lookup(roomId: string): Promise<RoomFacts>;
}

type RoomClient = Pick<PromiseClient<roomV1.RoomServiceClient>, 'getRoom'>;

/**
 * Asks the room service (GetRoom over gRPC), remembering each answer for `cacheMs` so a gift
 * storm in one room costs one lookup per interval, not one per send. A room that just ended can
 * therefore still receive gifts for up to `cacheMs`.
 */
export class GrpcRoomDirectory implements RoomDirectory {
  private readonly cache = new Map<string, { at: number; facts: Promise<RoomFacts> }>();

  constructor(
    private readonly rooms: RoomClient,
    private readonly cacheMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  lookup(roomId: string): Promise<RoomFacts> {
    const cached = this.cache.get(roomId);
    if (cached && this.now() - cached.at <= this.cacheMs) return cached.facts;
    if (this.cache.size > 10_000) this.cache.clear();
    const facts = this.fetch(roomId);
    this.cache.set(roomId, { at: this.now(), facts });
    facts.catch(() => this.cache.delete(roomId));
    return facts;
  }

  private async fetch(roomId: string): Promise<RoomFacts> {
    try {
      const { room } = await this.rooms.getRoom({ roomId });
      return { ownerId: room!.ownerId, live: room!.status === roomV1.RoomStatus.ROOM_STATUS_LIVE };
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code === GrpcStatus.NOT_FOUND || code === GrpcStatus.INVALID_ARGUMENT) throw new NotFoundError('room', roomId);
      throw new DomainError('unavailable', `the room service did not answer: ${(error as Error).message}`, 'room_service_unavailable');
    }
  }
}
