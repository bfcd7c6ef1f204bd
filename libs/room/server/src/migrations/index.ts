import { CreateRooms1732190000000 } from './1732190000000-create-rooms';
import { StreamKeysAndModeration1732300000000 } from './1732300000000-stream-keys-and-moderation';
import { ByteExactIds1734100000000 } from './1734100000000-byte-exact-ids';
import { SensitiveWords1734200000000 } from './1734200000000-sensitive-words';

/** Every migration of the room database, oldest first. */
export const roomMigrations = [CreateRooms1732190000000, StreamKeysAndModeration1732300000000, ByteExactIds1734100000000, SensitiveWords1734200000000];
