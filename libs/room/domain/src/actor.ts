/** Who is asking, as the room rules see it: a user, possibly platform staff. */
export interface Actor {
  userId: string;
  platformAdmin: boolean;
}

/** A user's standing inside one room, derived from the room's own records. */
export type RoomRole = 'owner' | 'admin' | 'viewer';

export function roomRoleOf(userId: string, ownerId: string, isRoomAdmin: boolean): RoomRole {
  if (userId === ownerId) return 'owner';
  return isRoomAdmin ? 'admin' : 'viewer';
}
