import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { DataSourceSettings } from './data-source';

/** A migration creating one table, for specs that need a schema of their own. */
export function createTableMigration(name: string, ddl: string): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(ddl);
    }
    async down(): Promise<void> {}
  };
}

/** Settings for a throwaway database on the real server (MYSQL_* or the local defaults). */
export function scratchDatabase(migrations: DataSourceSettings['migrations'], extra: Partial<DataSourceSettings> = {}): DataSourceSettings {
  return {
    host: process.env.MYSQL_HOST ?? '127.0.0.1',
    port: Number(process.env.MYSQL_PORT ?? 3306),
    username: process.env.MYSQL_USER ?? 'root',
    password: process.env.MYSQL_PASSWORD ?? '',
    database: `ovation_test_${randomBytes(4).toString('hex')}`,
    entities: [],
    migrations,
    ...extra,
  };
}

export async function dropScratchDatabase(settings: DataSourceSettings): Promise<void> {
  const connection = await createConnection({ host: settings.host, port: settings.port, user: settings.username, password: settings.password });
  await connection.query(`DROP DATABASE IF EXISTS \`${settings.database}\``);
  await connection.end();
}
