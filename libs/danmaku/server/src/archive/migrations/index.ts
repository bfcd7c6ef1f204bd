import { CreateDanmakuArchive1732400000000 } from './1732400000000-create-danmaku-archive';

/** Every migration of the danmaku database's archive tables, oldest first. */
export const danmakuArchiveMigrations = [CreateDanmakuArchive1732400000000];
