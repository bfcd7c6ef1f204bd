import { DataSource } from 'typeorm';
import { createDataSource, ensureDatabase, inTransaction, isLockNotGranted, isStatementError, Rollback, runMigrations, statement } from './index';
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

  it('waits for a held row only as long as asked, without retrying, and leaves no wait behind on the connection', async () => {
    const id = fresh();
    await dataSource.query('INSERT INTO accounts (id, balance) VALUES (?, 7)', [id]);
    // Another client holds the row (the one pooled connection of `dataSource` is for the test).
    const other = await createDataSource(settings).initialize();
    const holder = other.createQueryRunner();
    await holder.connect();
    await holder.query('START TRANSACTION');
    await holder.query('SELECT balance FROM accounts WHERE id = ? FOR UPDATE', [id]);
    try {
      const started = Date.now();
      const waited = inTransaction(dataSource, (tx) => tx.commit(statement('UPDATE accounts SET balance = 8 WHERE id = ?', [id])), { lockWaitTimeoutSeconds: 1 });
      const refused = await waited.catch((error: unknown) => error);
      expect(refused).toMatchObject({ errno: 1205 });
      expect(isLockNotGranted(refused)).toBe(true);
      // One wait of about a second: a retried timeout would take several.
      expect(Date.now() - started).toBeLessThan(1_900);
      const [{ wait }] = await inTransaction(dataSource, async (tx) => (await tx.commit(statement('SELECT @@SESSION.innodb_lock_wait_timeout AS wait')))[0] as Array<{ wait: string | number }>);
      expect(Number(wait)).toBe(Number((await dataSource.query('SELECT @@GLOBAL.innodb_lock_wait_timeout AS wait'))[0].wait));
    } finally {
      await holder.query('ROLLBACK');
      await holder.release();
      await other.destroy();
    }
  });

  it('tells a statement the server refused from a lost connection', async () => {
    const refused = await dataSource.query('SELECT * FROM no_such_table').catch((error: unknown) => error);
    expect(isStatementError(refused)).toBe(true);
    expect(isStatementError(Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }))).toBe(false);
    expect(isStatementError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', errno: -111 }))).toBe(false);
  });
});
