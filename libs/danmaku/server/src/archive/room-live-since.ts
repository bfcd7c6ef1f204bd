import { findRoom, RoomClient } from '../rooms/room-client';

/** When a room's live session started, as room records it; undefined when room knows none. */
export type LiveSince = (roomId: string) => Promise<number | undefined>;

/**
 * Asks room (GetRoom's liveAt). A room room does not know, or one it never saw go live, has no
 * start to give; any other failure is thrown, so the archive batch is tried again later rather
 * than placed on a guessed timeline for good.
 */
export function roomLiveSince(rooms: RoomClient): LiveSince {
  return async (roomId) => {
    const liveAt = Number((await findRoom(rooms, roomId))?.liveAt ?? 0);
    return liveAt > 0 ? liveAt : undefined;
  };
}
