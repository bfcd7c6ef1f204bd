import { DataSource } from 'typeorm';
import { ByteExactColumns, createDataSource, ensureDatabase, runMigrations } from './index';
import { createTableMigration, dropScratchDatabase, scratchDatabase } from './scratch-database.spec-helper';

const TABLE = `CREATE TABLE accounts (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  owner_id CHAR(8) NULL,
  note VARCHAR(20) NOT NULL DEFAULT '',
  UNIQUE KEY uq_accounts_owner (owner_id),
  INDEX idx_accounts_note (note, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`;

class ByteExactAccounts1700000000001 extends ByteExactColumns {
  constructor() {
    super({
      accounts: [
        { name: 'id', type: 'VARCHAR(64)' },
        { name: 'owner_id', type: 'CHAR(8)', nullable: true },
      ],
    });
  }
}

const settings = scratchDatabase([createTableMigration('CreateAccounts1700000000000', TABLE), ByteExactAccounts1700000000001]);

describe('ByteExactColumns against the real MariaDB', () => {
  let dataSource: DataSource;
  const showCreate = async () => ((await dataSource.query('SHOW CREATE TABLE accounts')) as Array<Record<string, string>>)[0]['Create Table'];
  const rows = () => dataSource.query('SELECT id, owner_id, note FROM accounts ORDER BY id');
  const find = async (id: string) => ((await dataSource.query('SELECT id FROM accounts WHERE id = ?', [id])) as Array<{ id: string }>).map((row) => row.id);

  beforeAll(async () => {
    await ensureDatabase(settings);
    dataSource = await createDataSource({ ...settings, migrations: [createTableMigration('CreateAccounts1700000000000', TABLE)] }).initialize();
    await runMigrations(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropScratchDatabase(settings);
  });

  it('makes the columns compare byte for byte, keeping the data, types, nullability, defaults and keys; down undoes it', async () => {
    await dataSource.query("INSERT INTO accounts (id, owner_id, note) VALUES ('demo', 'Ab', 'first'), ('zoë', NULL, DEFAULT)");
    const original = await showCreate();
    const before = await rows();
    expect(await find('DEMO')).toEqual(['demo']);
    expect(await find('zoe')).toEqual(['zoë']);

    await dataSource.destroy();
    dataSource = await createDataSource(settings).initialize();
    expect(await runMigrations(dataSource)).toEqual(['ByteExactAccounts1700000000001']);

    expect(await rows()).toEqual(before);
    expect(await find('DEMO')).toEqual([]);
    expect(await find('zoe')).toEqual([]);
    expect(await find('demo')).toEqual(['demo']);
    await dataSource.query("INSERT INTO accounts (id, owner_id) VALUES ('DEMO', 'AB')");
    const migrated = await showCreate();
    expect(migrated).toContain('`id` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL');
    expect(migrated).toContain('`owner_id` char(8) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL');
    // Everything but the two columns' collation is as it was.
    expect(migrated.replaceAll(' CHARACTER SET utf8mb4 COLLATE utf8mb4_bin', '')).toBe(original);

    await dataSource.query("DELETE FROM accounts WHERE id = 'DEMO'");
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await showCreate()).toBe(original);
    expect(await rows()).toEqual(before);
  });
});
