import { ByteExactColumns } from '@ovation/database';

/** Every id compares byte for byte, as the code compares them (a room's replay is its own, a user's chat theirs). */
export class ByteExactIds1734100000002 extends ByteExactColumns {
  name = 'ByteExactIds1734100000002';

  constructor() {
    const roomId = { name: 'room_id', type: 'VARCHAR(64)' };
    const id = (name: string) => ({ name, type: 'VARCHAR(128)' });
    super({
      danmaku_streams: [roomId],
      danmaku_archive: [roomId, id('message_id'), id('client_msg_id'), id('user_id')],
    });
  }
}
