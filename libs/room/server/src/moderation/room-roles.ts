import { RoomRole, roomRoleOf } from '@ovation/room-domain';
import type { Repository } from 'typeorm';
import { RoomAdminEntity } from '../persistence/moderation.entities';
import { RoomEntity } from '../persistence/room.entity';

/** A user's standing in a room: owner from the room row, admin from room_admins. */
export class RoomRoles {
  constructor(private readonly admins: Repository<RoomAdminEntity>) {}

  async of(room: RoomEntity, userId: string): Promise<RoomRole> {
    if (userId === room.ownerId) return 'owner';
    return roomRoleOf(userId, room.ownerId, await this.admins.existsBy({ roomId: room.id, userId }));
  }
}

/** Owner or not, for the checks where being a room admin makes no difference. */
export function ownership(room: RoomEntity, userId: string): RoomRole {
  return roomRoleOf(userId, room.ownerId, false);
}
