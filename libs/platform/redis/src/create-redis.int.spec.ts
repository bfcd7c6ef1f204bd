import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { boundCommandTime, createRedis, redisHealth } from './index';

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

describe('createRedis when the server stops answering', () => {
  it('fails a command within its bound once armed, instead of waiting out every reconnect', async () => {
    // A real Redis behind a forwarder that, once connected, holds everything: a wedged server or a partition.
    let held = false;
    const sockets = new Set<Socket>();
    const gate = createServer((client) => {
      const upstream = connect(new URL(url).port ? Number(new URL(url).port) : 6379, new URL(url).hostname);
      sockets.add(client).add(upstream);
      client.on('data', (chunk) => held || upstream.write(chunk));
      upstream.pipe(client);
      client.on('error', () => undefined);
      upstream.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
    const client = createRedis({ url: `redis://127.0.0.1:${(gate.address() as AddressInfo).port}` });
    try {
      expect(await client.ping()).toBe('PONG');
      boundCommandTime(client, 300);
      held = true;
      const started = Date.now();
      await expect(client.get('anything')).rejects.toThrow(/timed out/i);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      client.disconnect();
      for (const socket of sockets) socket.destroy();
      gate.close();
    }
  });
});
