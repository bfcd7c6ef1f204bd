import { migrateCommand } from '@ovation/database';
import { loadRoomDatabaseConfig } from './config';
import { roomDatabase } from './database';

// `node dist/apps/room/src/migrate.js`: applies pending migrations (a Helm hook Job in a cluster).
void migrateCommand('room', () => roomDatabase(loadRoomDatabaseConfig()));
