import { CreateDanmakuArchive1732400000000 } from './1732400000000-create-danmaku-archive';
import { ByteExactIds1734100000002 } from './1734100000002-byte-exact-ids';

/** Every migration of the danmaku database's archive tables, oldest first. */
export const danmakuArchiveMigrations = [CreateDanmakuArchive1732400000000, ByteExactIds1734100000002];
