import { migrateCommand } from '@ovation/database';
import { loadPushConfig } from './config';
import { pushDatabase } from './database';

// `node dist/apps/danmaku-push/src/migrate.js`: applies pending migrations (a Helm hook Job in a cluster).
void migrateCommand('danmaku-push', () => pushDatabase(loadPushConfig()));
