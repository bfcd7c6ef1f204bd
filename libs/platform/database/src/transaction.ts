import type { DataSource, QueryRunner } from 'typeorm';

// InnoDB picks a victim when two transactions wait on each other (A pays B while B pays A) or
// a lock wait times out; the victim is rolled back whole, so running it again is safe.
const RETRYABLE_ERRNOS = new Set([1213, 1205]);
const ATTEMPTS = 4;

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
 * Deadlock victims are retried.
 */
export function inTransaction<T>(dataSource: DataSource, work: (tx: Transaction) => Promise<T | Rollback<T>>): Promise<T> {
  return retryingConflicts(async () => {
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
        const opening = open ? [] : [statement('SET TRANSACTION ISOLATION LEVEL READ COMMITTED'), statement('START TRANSACTION')];
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

async function retryingConflicts<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (n < ATTEMPTS && RETRYABLE_ERRNOS.has((error as { errno?: number }).errno ?? 0)) continue;
      throw error;
    }
  }
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
