import { DataSourceSettings, mysqlSettings } from '@ovation/database';
import { danmakuArchiveMigrations } from '@ovation/danmaku-server';
import type { PushConfig } from './config';

/** The danmaku database (the chat archive), shared by every push node of a fleet. */
export function pushDatabase(config: PushConfig): DataSourceSettings {
  return mysqlSettings(config, { entities: [], migrations: danmakuArchiveMigrations });
}
