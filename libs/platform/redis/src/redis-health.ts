import { once } from 'node:events';
import type { RedisClient } from './create-redis';

/** Readiness check: the server answers PING within the timeout. */
export async function redisHealth(client: RedisClient, timeoutMs = 1_000): Promise<void> {
  const timedOut = once(AbortSignal.timeout(timeoutMs), 'abort').then(() => {
    throw new Error(`redis did not answer PING within ${timeoutMs} ms`);
  });
  const answer = await Promise.race([client.ping(), timedOut]);
  if (answer !== 'PONG') throw new Error(`redis answered PING with ${answer}`);
}
