import type { DataSource, QueryRunner } from 'typeorm';

// InnoDB picks a victim when two transactions wait on each other (A gifts B while B gifts A) or
// a lock wait times out; the victim is rolled back whole, so running it again is safe.
const RETRYABLE_ERRNOS = new Set([1213, 1205]);
const ATTEMPTS = 4;

export class Rollback<T> {
  constructor(readonly value: T) {}
}

/**
 * Runs `work` in one READ COMMITTED transaction on its own connection and commits, or rolls
 * back when it throws or returns a Rollback (whose value is then returned). Deadlock victims
 * are retried.
 */
export async function inTransaction<T>(dataSource: DataSource, work: (runner: QueryRunner) => Promise<T | Rollback<T>>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction('READ COMMITTED');
      const result = await work(runner);
      if (result instanceof Rollback) {
        await runner.rollbackTransaction();
        return result.value;
      }
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      if (attempt < ATTEMPTS && RETRYABLE_ERRNOS.has((error as { errno?: number }).errno ?? 0)) continue;
      throw error;
    } finally {
      await runner.release();
    }
  }
}

export function isDuplicateKey(error: unknown): boolean {
  return (error as { errno?: number }).errno === 1062;
}

/** The affected-row count of an UPDATE (mysql2 answers DML with a ResultSetHeader). */
export function affectedRows(result: unknown): number {
  return (result as { affectedRows?: number }).affectedRows ?? 0;
}
