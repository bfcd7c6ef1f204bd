import { randomUUID } from 'node:crypto';
import { createRedis } from '@ovation/redis';
import { waitFor } from '@ovation/testing';
import type { NodeReport } from '@ovation/scheduler-domain';
import { NodeRegistry } from '../index';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const report = (nodeId: string, overrides: Partial<NodeReport> = {}): NodeReport => ({
  nodeId,
  kind: 'push',
  address: `ws://127.0.0.1:8090/ws?${nodeId}`,
  grpcAddress: '127.0.0.1:50054',
  capacity: 1_000,
  load: 10,
  cpu: 0.25,
  draining: false,
  ...overrides,
});

describe('NodeRegistry against the real Redis', () => {
  const prefix = `spec:${randomUUID()}:`;
  const clients: ReturnType<typeof createRedis>[] = [];
  /** A client of its own key space under this run's prefix, for tests that must see only their own nodes. */
  const redisUnder = (space = '') => {
    const client = createRedis({ url, keyPrefix: `${prefix}${space}` });
    clients.push(client);
    return client;
  };
  const redis = redisUnder();
  const plain = createRedis({ url });

  afterAll(async () => {
    const keys = await plain.keys(`${prefix}*`);
    if (keys.length) await plain.del(...keys);
    await Promise.all([...clients.map((c) => c.quit()), plain.quit()]);
  });

  it('lists what nodes reported, by kind and id, with when they were last seen', async () => {
    const isolated = new NodeRegistry(redisUnder('list:'), 10_000);
    await isolated.heartbeat(report('push-b'));
    await isolated.heartbeat(report('ingest-a', { kind: 'ingest', address: 'rtmp://127.0.0.1:1935/live' }));
    await isolated.heartbeat(report('push-a', { load: 7 }));

    expect((await isolated.list()).map((n) => n.nodeId)).toEqual(['ingest-a', 'push-a', 'push-b']);
    expect((await isolated.list('push')).map((n) => n.nodeId)).toEqual(['push-a', 'push-b']);
    expect(await isolated.list('playback')).toEqual([]);
    const [pushA] = await isolated.list('push');
    expect(pushA).toMatchObject({ ...report('push-a', { load: 7 }), drainRequested: false });
    expect(Math.abs(pushA.lastSeenMs - Date.now())).toBeLessThan(5_000);
  });

  it('keeps the latest report of a node', async () => {
    const registry = new NodeRegistry(redis, 10_000);
    await registry.heartbeat(report('latest', { load: 1 }));
    await registry.heartbeat(report('latest', { load: 2, cpu: 0.5 }));

    expect((await registry.list()).filter((n) => n.nodeId === 'latest')).toMatchObject([{ load: 2, cpu: 0.5 }]);
  });

  it('forgets a node that stops heartbeating once its TTL passes, while one that keeps heartbeating stays', async () => {
    const registry = new NodeRegistry(redis, 600);
    await registry.heartbeat(report('silent'));
    await registry.heartbeat(report('alive'));
    const beating = setInterval(() => void registry.heartbeat(report('alive')), 100);
    try {
      expect((await registry.list()).map((n) => n.nodeId)).toEqual(expect.arrayContaining(['silent', 'alive']));
      await waitFor(async () => ((await registry.list()).some((n) => n.nodeId === 'silent') ? undefined : true), 5_000, 'silent node to expire');

      expect((await registry.list()).map((n) => n.nodeId)).toContain('alive');
      // Expired entries are purged from Redis, not only hidden.
      expect(await plain.hexists(`${prefix}scheduler:{nodes}:info`, 'silent')).toBe(0);
      expect(await plain.zscore(`${prefix}scheduler:{nodes}:expiry`, 'silent')).toBeNull();
    } finally {
      clearInterval(beating);
    }
  });

  it('drops a node exactly at its expiry', async () => {
    let now = 1_000_000;
    const registry = new NodeRegistry(redisUnder('clock:'), 1_000, () => now);
    await registry.heartbeat(report('n1'));
    now += 999;
    expect((await registry.list()).map((n) => n.nodeId)).toEqual(['n1']);
    now += 1;
    expect(await registry.list()).toEqual([]);
  });

  it('tells a node an operator asked it to drain, until asked to resume', async () => {
    const registry = new NodeRegistry(redis, 10_000);
    await registry.heartbeat(report('drained'));

    expect(await registry.setDrainRequested('drained', true)).toMatchObject({ nodeId: 'drained', drainRequested: true });
    expect(await registry.heartbeat(report('drained'))).toEqual({ drainRequested: true });
    expect((await registry.list()).find((n) => n.nodeId === 'drained')).toMatchObject({ drainRequested: true, draining: false });

    expect(await registry.setDrainRequested('drained', false)).toMatchObject({ drainRequested: false });
    expect(await registry.heartbeat(report('drained'))).toEqual({ drainRequested: false });
  });

  it('refuses to drain a node it does not know, NOT_FOUND', async () => {
    const registry = new NodeRegistry(redis, 10_000);

    await expect(registry.setDrainRequested('nobody', true)).rejects.toMatchObject({ kind: 'not_found', reason: 'node_not_found' });
  });

  it('forgets the drain request with the node, so a node that comes back later starts fresh', async () => {
    let now = 5_000_000;
    const registry = new NodeRegistry(redisUnder('drain-expiry:'), 1_000, () => now);
    await registry.heartbeat(report('returning'));
    await registry.setDrainRequested('returning', true);
    now += 2_000;
    await expect(registry.setDrainRequested('returning', true)).rejects.toMatchObject({ kind: 'not_found' });

    expect(await registry.heartbeat(report('returning'))).toEqual({ drainRequested: false });
  });

  it('is shared by every scheduler replica on the same Redis', async () => {
    await new NodeRegistry(redis, 10_000).heartbeat(report('shared'));

    expect((await new NodeRegistry(redisUnder(), 10_000).list()).map((n) => n.nodeId)).toContain('shared');
  });
});
