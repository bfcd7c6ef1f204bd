import { randomUUID } from 'node:crypto';
import { createRedis, redisHealth } from './index';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('createRedis against the real Redis', () => {
  const prefix = `spec:${randomUUID()}:`;
  const client = createRedis({ url, keyPrefix: prefix });
  const plain = createRedis({ url });

  afterAll(async () => {
    await plain.del(`${prefix}greeting`);
    await Promise.all([client.quit(), plain.quit()]);
  });

  it('passes the health check', async () => {
    await expect(redisHealth(client)).resolves.toBeUndefined();
  });

  it('prefixes every key it touches', async () => {
    await client.set('greeting', 'hello');

    expect(await plain.get(`${prefix}greeting`)).toBe('hello');
    expect(await client.get('greeting')).toBe('hello');
  });

  it('fails the health check within its timeout when the connection is stuck', async () => {
    // Commands on one connection run in order: a PING behind a blocking pop waits like a wedged server.
    const stuck = createRedis({ url, keyPrefix: prefix });
    const blocking = stuck.blpop('release', 10);
    const started = Date.now();
    try {
      await expect(redisHealth(stuck, 300)).rejects.toThrow(/within 300 ms/);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await plain.lpush(`${prefix}release`, 'go');
      await blocking;
      await stuck.quit();
    }
  });
});
