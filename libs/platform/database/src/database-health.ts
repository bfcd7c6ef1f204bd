import { once } from 'node:events';
import type { DataSource } from 'typeorm';

/** Readiness check: the database answers a trivial query within the timeout (a full pool counts as no answer). */
export async function databaseHealth(dataSource: DataSource, timeoutMs = 1_000): Promise<void> {
  const timedOut = once(AbortSignal.timeout(timeoutMs), 'abort').then(() => {
    throw new Error(`the database did not answer within ${timeoutMs} ms`);
  });
  await Promise.race([dataSource.query('SELECT 1'), timedOut]);
}
