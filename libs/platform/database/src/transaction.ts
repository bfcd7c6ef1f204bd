import type { DataSource, QueryRunner } from 'typeorm';

// InnoDB picks a victim when two transactions wait on each other (A pays B while B pays A) or
// a lock wait times out; the victim is rolled back whole, so running it again is safe.
const DEADLOCK = 1213;
const LOCK_WAIT_TIMEOUT = 1205;
const MYSQL_LOCK_NOWAIT = 3572;
const ATTEMPTS = 4;

export interface TransactionOptions {
  /**
   * How long a statement waits for a row lock before it fails with ER_LOCK_WAIT_TIMEOUT (1205),
   * instead of the server's innodb_lock_wait_timeout (50 s by default). A transaction that asks
   * for its own wait handles that failure itself: it is not retried.
   */
  lockWaitTimeoutSeconds?: number;
}

export class Rollback<T> {
  constructor(readonly value: T) {}
}

/** One SQL statement with its placeholder values. */
export interface Statement {
  sql: string;
  parameters: unknown[];
}

export function statement(sql: string, parameters: unknown[] = []): Statement {
  return { sql, parameters };
}

/**
 * An open transaction whose statements travel in batches, each batch one round trip: the first
 * batch also opens the transaction, `commit` ends it. A batch of several statements (the first
 * one always is) needs a DataSource with `multipleStatements`.
 */
export interface Transaction {
  /** Runs the statements in order and returns each one's result (rows, or the write's header). */
  run(...statements: Statement[]): Promise<unknown[]>;
  /** Runs the statements, then COMMIT, in one round trip. */
  commit(...statements: Statement[]): Promise<unknown[]>;
}

/**
 * Runs `work` in one READ COMMITTED transaction on its own connection. `work` ends it with
 * `commit`, or returns a Rollback (whose value is then returned); a throw rolls back too.
 * Batching what a step needs keeps a transaction of many statements to a few round trips.
 * Deadlock victims are retried, and lock wait timeouts unless the options set the wait.
 */
export function inTransaction<T>(dataSource: DataSource, work: (tx: Transaction) => Promise<T | Rollback<T>>, options: TransactionOptions = {}): Promise<T> {
  const retryable = new Set(options.lockWaitTimeoutSeconds === undefined ? [DEADLOCK, LOCK_WAIT_TIMEOUT] : [DEADLOCK]);
  // Every transaction states its lock wait, so one never inherits another's from the pooled connection.
  const lockWait = options.lockWaitTimeoutSeconds === undefined ? statement('SET SESSION innodb_lock_wait_timeout = DEFAULT') : statement('SET SESSION innodb_lock_wait_timeout = ?', [options.lockWaitTimeoutSeconds]);
  return retryingConflicts(retryable, async () => {
    const runner = dataSource.createQueryRunner();
    let open = false;
    const send = async (statements: Statement[]): Promise<unknown[]> => {
      const raw: unknown = await runner.query(
        statements.map((s) => s.sql).join(';\n'),
        statements.flatMap((s) => s.parameters),
      );
      // One statement answers with its result, several with the list of their results.
      return statements.length === 1 ? [raw] : (raw as unknown[]);
    };
    const tx: Transaction = {
      run: async (...statements) => {
        const opening = open ? [] : [lockWait, statement('SET TRANSACTION ISOLATION LEVEL READ COMMITTED'), statement('START TRANSACTION')];
        open = true;
        return (await send([...opening, ...statements])).slice(opening.length);
      },
      commit: async (...statements) => {
        const results = await tx.run(...statements, statement('COMMIT'));
        open = false;
        return results.slice(0, -1);
      },
    };
    try {
      await runner.connect();
      const result = await work(tx);
      if (result instanceof Rollback) {
        if (open) await rollback(runner);
        open = false;
        return result.value;
      }
      if (open) throw new Error('a transaction must end with commit() or return a Rollback');
      return result;
    } catch (error) {
      if (open) await rollback(runner);
      throw error;
    } finally {
      await runner.release();
    }
  });
}

/** Rolls back; a connection that cannot even do that is closed, never handed back with a transaction open. */
async function rollback(runner: QueryRunner): Promise<void> {
  try {
    await runner.query('ROLLBACK');
  } catch {
    (runner as unknown as { databaseConnection?: { destroy(): void } }).databaseConnection?.destroy();
  }
}

async function retryingConflicts<T>(retryable: ReadonlySet<number>, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (n < ATTEMPTS && retryable.has((error as { errno?: number }).errno ?? 0)) continue;
      throw error;
    }
  }
}

/**
 * An error the server raised for a statement (a constraint, a lock wait, bad data), as opposed to
 * a lost or refused connection: running the statements again, or apart, may go differently.
 */
export function isStatementError(error: unknown): boolean {
  const { errno, sqlState, fatal } = error as { errno?: unknown; sqlState?: unknown; fatal?: boolean };
  return typeof errno === 'number' && typeof sqlState === 'string' && fatal !== true;
}

/** The server refused a row lock: waited past innodb_lock_wait_timeout (1205), or NOWAIT on MySQL (3572). */
export function isLockNotGranted(error: unknown): boolean {
  const errno = (error as { errno?: number }).errno;
  return errno === LOCK_WAIT_TIMEOUT || errno === MYSQL_LOCK_NOWAIT;
}

/** A unique-key violation, optionally of the named key. */
export function isDuplicateKey(error: unknown, key?: string): boolean {
  const { errno, sqlMessage } = error as { errno?: number; sqlMessage?: string };
  return errno === 1062 && (key === undefined || (sqlMessage ?? '').includes(key));
}

/** The affected-row count of an UPDATE (mysql2 answers DML with a ResultSetHeader). */
export function affectedRows(result: unknown): number {
  return (result as { affectedRows?: number }).affectedRows ?? 0;
}
