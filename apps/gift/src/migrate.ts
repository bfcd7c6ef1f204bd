import { migrateCommand } from '@ovation/database';
import { loadGiftConfig } from './config';
import { giftDatabase } from './database';

// `node dist/apps/gift/src/migrate.js`: applies pending migrations (a Helm hook Job in a cluster).
void migrateCommand('gift', () => giftDatabase(loadGiftConfig()));
