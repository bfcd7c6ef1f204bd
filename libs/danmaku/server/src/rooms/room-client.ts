import type { roomV1 } from '@ovation/contracts';
import type { PromiseClient } from '@ovation/grpc';

/** The calls the danmaku write path makes to the room service. */
export type RoomClient = Pick<PromiseClient<roomV1.RoomServiceClient>, 'getRoom' | 'checkSpeaker'>;
