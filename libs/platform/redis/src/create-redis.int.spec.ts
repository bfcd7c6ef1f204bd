import { createServer, type AddressInfo } from 'node:net';
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
    const stuck = createRedis({ url, keyPrefix: prefix, commandTimeoutMs: 0 });
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

describe('createRedis when the server is gone', () => {
  it('fails a command within its command timeout instead of waiting out every reconnect', async () => {
    // A server that accepts connections and never answers: a wedged Redis, or a partition.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const client = createRedis({ url: `redis://127.0.0.1:${(silent.address() as AddressInfo).port}`, commandTimeoutMs: 300 });
    const started = Date.now();
    try {
      await expect(client.get('anything')).rejects.toThrow(/timed out/i);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      client.disconnect();
      silent.close();
    }
  });
});
