import { ByteExactColumns } from '@ovation/database';

/**
 * Every id compares byte for byte, as the code compares them: under the case-insensitive
 * collation a mute or ban of `RVW-OWNER` silenced the owner `rvw-owner`, and appointing `BOB`
 * made `bob` a room admin. The stream key hash and the publishing stream's ids are keys too.
 */
export class ByteExactIds1734100000000 extends ByteExactColumns {
  name = 'ByteExactIds1734100000000';

  constructor() {
    const roomId = { name: 'room_id', type: 'CHAR(36)' };
    const userId = (name: string) => ({ name, type: 'VARCHAR(64)' });
    super({
      rooms: [
        { name: 'id', type: 'CHAR(36)' },
        userId('owner_id'),
        { name: 'stream_key_hash', type: 'CHAR(64)', nullable: true },
        { name: 'publishing_node', type: 'VARCHAR(128)', nullable: true },
        { name: 'publishing_stream_id', type: 'VARCHAR(128)', nullable: true },
      ],
      room_admins: [roomId, userId('user_id'), userId('appointed_by')],
      room_mutes: [roomId, userId('user_id'), userId('by_user_id')],
      room_bans: [roomId, userId('user_id'), userId('by_user_id')],
    });
  }
}
