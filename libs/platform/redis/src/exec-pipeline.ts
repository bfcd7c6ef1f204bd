import type { ChainableCommander } from 'ioredis';

/**
 * Sends a pipeline (or MULTI) and returns each command's result. ioredis answers a pipeline with
 * [error, result] per command and resolves even when commands failed: the first error is thrown.
 */
export async function execPipeline(pipeline: ChainableCommander): Promise<unknown[]> {
  const results = await pipeline.exec();
  if (!results) throw new Error('the Redis transaction was discarded');
  const failed = results.find(([error]) => error);
  if (failed) throw failed[0];
  return results.map(([, result]) => result);
}
