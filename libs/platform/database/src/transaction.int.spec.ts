import { DataSource } from 'typeorm';
import { createDataSource, ensureDatabase, inTransaction, Rollback, runMigrations, statement } from './index';
import { createTableMigration, dropScratchDatabase, scratchDatabase } from './scratch-database.spec-helper';

// One pooled connection: whatever a transaction left behind, the next query would inherit.
const settings = scratchDatabase([createTableMigration('CreateAccounts1700000000000', 'CREATE TABLE accounts (id VARCHAR(64) PRIMARY KEY, balance BIGINT NOT NULL) ENGINE=InnoDB')], {
  poolSize: 1,
  multipleStatements: true,
});

describe('transactions against the real MariaDB', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    await ensureDatabase(settings);
    dataSource = await createDataSource(settings).initialize();
    await runMigrations(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropScratchDatabase(settings);
  });

  let n = 0;
  const fresh = () => `account-${(n += 1)}`;
  const open = (id: string) => statement('INSERT INTO accounts (id, balance) VALUES (?, 7)', [id]);
  const exists = async (id: string) => ((await dataSource.query('SELECT 1 FROM accounts WHERE id = ?', [id])) as unknown[]).length === 1;
  const transactionOpen = async () => Number(((await dataSource.query('SELECT @@in_transaction AS open')) as Array<{ open: string | number }>)[0].open);

  it('answers each statement of a batch, and commits with the last round trip', async () => {
    const [first, second] = [fresh(), fresh()];
    const result = await inTransaction(dataSource, async (tx) => {
      const [inserted, [row]] = (await tx.run(open(first), statement('SELECT balance FROM accounts WHERE id = ?', [first]))) as [{ affectedRows: number }, Array<{ balance: string }>];
      await tx.commit(open(second));
      return { affected: inserted.affectedRows, balance: row.balance };
    });
    expect(result).toEqual({ affected: 1, balance: '7' });
    expect([await exists(first), await exists(second), await transactionOpen()]).toEqual([true, true, 0]);
  });

  it('rolls everything back and answers with the Rollback value', async () => {
    const id = fresh();
    const value = await inTransaction(dataSource, async (tx) => {
      await tx.run(open(id));
      return new Rollback('changed my mind');
    });
    expect(value).toBe('changed my mind');
    expect([await exists(id), await transactionOpen()]).toEqual([false, 0]);
  });

  it('rolls back when a statement of the committing batch fails, and hands the connection back clean', async () => {
    const id = fresh();
    const other = fresh();
    await expect(
      inTransaction(dataSource, async (tx) => {
        await tx.run(open(id));
        // The same key again: the batch stops there, so its COMMIT never runs.
        await tx.commit(open(other), open(id));
        return 'unreachable';
      }),
    ).rejects.toMatchObject({ errno: 1062 });
    expect([await exists(id), await exists(other), await transactionOpen()]).toEqual([false, false, 0]);
  });

  it('refuses work that neither commits nor rolls back, and rolls it back', async () => {
    const id = fresh();
    await expect(
      inTransaction(dataSource, async (tx) => {
        await tx.run(open(id));
        return 'forgot to commit';
      }),
    ).rejects.toThrow('must end with commit()');
    expect([await exists(id), await transactionOpen()]).toEqual([false, 0]);
  });
});
