import { ConfigError } from '@ovation/config';
import { createDataSource, DataSourceSettings } from './data-source';
import { ensureDatabase } from './ensure-database';
import { runMigrations } from './run-migrations';

/**
 * The body of each service's `migrate` entry point: creates the database if needed, applies
 * pending migrations, prints what it did, and exits non-zero on failure.
 */
export async function migrateCommand(service: string, settings: () => DataSourceSettings): Promise<void> {
  try {
    const resolved = settings();
    await ensureDatabase(resolved);
    const dataSource = await createDataSource(resolved).initialize();
    try {
      const applied = await runMigrations(dataSource);
      process.stdout.write(`${service}: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'} (${resolved.database})\n`);
    } finally {
      await dataSource.destroy();
    }
  } catch (error) {
    process.stderr.write(`${service}: migration failed: ${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
    process.exitCode = 1;
  }
}
