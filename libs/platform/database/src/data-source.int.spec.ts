import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { createDataSource, databaseHealth, DataSourceSettings, ensureDatabase, runMigrations } from './index';

class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE widgets (id INT PRIMARY KEY, amount BIGINT NOT NULL)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE widgets');
  }
}

const settings: DataSourceSettings = {
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  username: process.env.MYSQL_USER ?? 'root',
  password: process.env.MYSQL_PASSWORD ?? '',
  database: `ovation_test_${randomBytes(4).toString('hex')}`,
  entities: [],
  migrations: [CreateWidgets1700000000000],
};

describe('@ovation/database against the real MariaDB', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    await ensureDatabase(settings);
    dataSource = await createDataSource(settings).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    const connection = await createConnection({ host: settings.host, port: settings.port, user: settings.username, password: settings.password });
    await connection.query(`DROP DATABASE IF EXISTS \`${settings.database}\``);
    await connection.end();
  });

  it('creates the database once, in utf8mb4', async () => {
    await ensureDatabase(settings);

    const [schema] = await dataSource.query('SELECT DEFAULT_CHARACTER_SET_NAME AS charset FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [settings.database]);
    expect(schema.charset).toBe('utf8mb4');
  });

  it('applies a migration once; the second run applies nothing', async () => {
    expect(await runMigrations(dataSource)).toEqual(['CreateWidgets1700000000000']);
    expect(await runMigrations(dataSource)).toEqual([]);
  });

  it('returns BIGINTs as exact strings and keeps 4-byte characters', async () => {
    const [row] = await dataSource.query('SELECT CAST(9007199254740993 AS SIGNED) AS amount, ? AS label', ['🎁 rocket']);

    expect(row).toEqual({ amount: '9007199254740993', label: '🎁 rocket' });
  });

  it('passes the health check, and fails it within its timeout when no connection is free', async () => {
    await expect(databaseHealth(dataSource)).resolves.toBeUndefined();

    const single = await createDataSource({ ...settings, poolSize: 1 }).initialize();
    try {
      const busy = single.query('SELECT SLEEP(1)');
      await expect(databaseHealth(single, 300)).rejects.toThrow(/within 300 ms/);
      await busy;
    } finally {
      await single.destroy();
    }
  });

  it('refuses a database name that could inject SQL', async () => {
    await expect(ensureDatabase({ ...settings, database: 'x`; DROP DATABASE test; --' })).rejects.toThrow(/unsafe database name/);
  });
});
