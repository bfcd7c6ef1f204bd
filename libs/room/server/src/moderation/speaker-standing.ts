import { roomRoleOf, type RoomRole } from '@ovation/room-domain';
import type { EntityManager } from 'typeorm';
import { epochMillis } from '../persistence/epoch-millis';

/** What the speaker check needs to know of one user in one room. */
export interface SpeakerStanding {
  role: RoomRole;
  /** Epoch ms the mute ends (0: until unmuted); null when not muted. */
  muteUntil: number | null;
  banned: boolean;
}

// The danmaku write path asks this for every active speaker every few seconds: one round trip,
// where the room row, the admin list, the mute and the ban would otherwise be four queries.
const STANDING_SQL = `
  SELECT r.owner_id AS ownerId,
         EXISTS (SELECT 1 FROM room_admins a WHERE a.room_id = r.id AND a.user_id = ?) AS isAdmin,
         (SELECT m.mute_until FROM room_mutes m WHERE m.room_id = r.id AND m.user_id = ?) AS muteUntil,
         EXISTS (SELECT 1 FROM room_bans b WHERE b.room_id = r.id AND b.user_id = ?) AS isBanned
    FROM rooms r
   WHERE r.id = ?`;

interface StandingRow {
  ownerId: string;
  isAdmin: number | string;
  muteUntil: string | null;
  isBanned: number | string;
}

/** The user's standing in the room; undefined when there is no such room. */
export async function speakerStanding(manager: EntityManager, roomId: string, userId: string): Promise<SpeakerStanding | undefined> {
  const rows: StandingRow[] = await manager.query(STANDING_SQL, [userId, userId, userId, roomId]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    role: roomRoleOf(userId, row.ownerId, Number(row.isAdmin) === 1),
    muteUntil: epochMillis.from(row.muteUntil),
    banned: Number(row.isBanned) === 1,
  };
}
