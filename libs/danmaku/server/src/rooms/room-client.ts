import { status as GrpcStatus } from '@grpc/grpc-js';
import type { roomV1 } from '@ovation/contracts';
import type { PromiseClient } from '@ovation/grpc';

/** The calls the danmaku write path makes to the room service. */
export type RoomClient = Pick<PromiseClient<roomV1.RoomServiceClient>, 'getRoom' | 'checkSpeaker' | 'getSensitiveWords'>;

const NO_SUCH_ROOM = [GrpcStatus.NOT_FOUND, GrpcStatus.INVALID_ARGUMENT];

/** Room's GetRoom: undefined for a room room does not know (an id it refuses names no room); any other failure is thrown. */
export async function findRoom(rooms: RoomClient, roomId: string): Promise<roomV1.Room | undefined> {
  try {
    return (await rooms.getRoom({ roomId })).room ?? undefined;
  } catch (error) {
    if (NO_SUCH_ROOM.includes((error as { code?: number }).code as GrpcStatus)) return undefined;
    throw error;
  }
}
