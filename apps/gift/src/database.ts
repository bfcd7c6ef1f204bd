import { DataSourceSettings, mysqlSettings } from '@ovation/database';
import { giftMigrations } from '@ovation/gift-server';
import type { GiftConfig } from './config';

export function giftDatabase(config: GiftConfig): DataSourceSettings {
  return mysqlSettings(config, { entities: [], migrations: giftMigrations });
}
