import { DataSource } from 'typeorm';
import { createDataSource, databaseHealth, ensureDatabase, runMigrations } from './index';
import { createTableMigration, dropScratchDatabase, scratchDatabase } from './scratch-database.spec-helper';

const settings = scratchDatabase([createTableMigration('CreateWidgets1700000000000', 'CREATE TABLE widgets (id INT PRIMARY KEY, amount BIGINT NOT NULL)')]);

describe('@ovation/database against the real MariaDB', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    await ensureDatabase(settings);
    dataSource = await createDataSource(settings).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropScratchDatabase(settings);
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
