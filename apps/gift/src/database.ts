import { DataSourceSettings, mysqlSettings } from '@ovation/database';
import { giftMigrations } from '@ovation/gift-server';
import type { GiftConfig } from './config';

/** The send path batches its transaction's statements (all with placeholders) into two round trips. */
export function giftDatabase(config: GiftConfig): DataSourceSettings {
  return mysqlSettings(config, { entities: [], migrations: giftMigrations, multipleStatements: true });
}
