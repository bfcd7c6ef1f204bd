import { randomUUID } from 'node:crypto';
import { createRedis } from '@ovation/redis';
import { defaultPlacementPolicy, NodeReport } from '@ovation/scheduler-domain';
import pino from 'pino';
import { Registry } from 'prom-client';
import { NodeRegistry, NodeSnapshot, NodesService, PlacementService, RoomOnlineCounts, SchedulerMetrics } from '../index';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const policy = { ...defaultPlacementPolicy, perNodeRoomTarget: 100 };

const push = (nodeId: string, overrides: Partial<NodeReport> = {}): NodeReport => ({
  nodeId,
  kind: 'push',
  address: `ws://${nodeId}.local:8090/ws`,
  grpcAddress: `${nodeId}.local:50054`,
  capacity: 10_000,
  load: 100,
  cpu: 0.1,
  draining: false,
  ...overrides,
});
const ingest = (nodeId: string, load: number): NodeReport => ({ ...push(nodeId), kind: 'ingest', address: `rtmp://${nodeId}.local:1935/live`, capacity: 20, load });

describe('placement over the real Redis registry', () => {
  const prefix = `spec:${randomUUID()}:`;
  const redis = createRedis({ url, keyPrefix: prefix });
  const emptyRedis = createRedis({ url, keyPrefix: `${prefix}empty:` });
  const plain = createRedis({ url });
  const online = new Map<string, number>();
  const warnings: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
  const counts: RoomOnlineCounts = {
    online: async (roomId) => {
      if (roomId === 'count-fails') throw new Error('presence is down');
      return online.get(roomId) ?? 0;
    },
  };
  const metricsRegistry = new Registry();
  const registry = new NodeRegistry(redis, 10_000);
  // A snapshot that never expires by age: only the drain request itself may refresh it.
  const snapshot = new NodeSnapshot(registry, 60_000);
  const metrics = new SchedulerMetrics(metricsRegistry, () => registry.list(), policy, () => undefined);
  const nodes = new NodesService(registry, snapshot, metrics, 3_000);
  const placement = new PlacementService(snapshot, counts, policy, metrics, logger);

  beforeAll(async () => {
    for (const id of ['push-1', 'push-2', 'push-3', 'push-4']) await nodes.heartbeat(push(id));
    await nodes.heartbeat(ingest('ingest-1', 3));
    await nodes.heartbeat(ingest('ingest-2', 1));
  });

  afterAll(async () => {
    const keys = await plain.keys(`${prefix}*`);
    if (keys.length) await plain.del(...keys);
    await Promise.all([redis.quit(), emptyRedis.quit(), plain.quit()]);
  });

  const metricValue = async (name: string, labels: Record<string, string>) => {
    const metric = (await metricsRegistry.getMetricsAsJSON()).find((m) => m.name === name);
    const matches = (metric?.values ?? []).filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want));
    return matches.reduce((sum, v) => sum + v.value, 0);
  };

  it('places viewers on push nodes only, the same node for the same viewer', async () => {
    const first = await placement.assignViewer('room-a', 'alice');

    expect(first.node.kind).toBe('push');
    expect(first.node.address).toMatch(/^ws:\/\/push-\d\.local:8090\/ws$/);
    expect((await placement.assignViewer('room-a', 'alice')).node.nodeId).toBe(first.node.nodeId);
  });

  it("spreads a hot room by its online count, keeps a quiet one on one node", async () => {
    online.set('hot', 350);
    const hot = new Set<string>();
    const quiet = new Set<string>();
    for (let i = 0; i < 200; i++) {
      hot.add((await placement.assignViewer('hot', `user-${i}`)).node.nodeId);
      quiet.add((await placement.assignViewer('quiet', `user-${i}`)).node.nodeId);
    }

    expect(hot.size).toBe(4);
    expect(quiet.size).toBe(1);
  });

  it('spreads anonymous viewers of a spread room instead of piling them on one node', async () => {
    online.set('guests', 400);
    const used = new Set<string>();
    for (let i = 0; i < 100; i++) used.add((await placement.assignViewer('guests', '')).node.nodeId);

    expect(used.size).toBeGreaterThan(1);
  });

  it('places a room whose online count cannot be read on one node, and says so in the log', async () => {
    const used = new Set<string>();
    for (let i = 0; i < 50; i++) used.add((await placement.assignViewer('count-fails', `user-${i}`)).node.nodeId);

    expect(used.size).toBe(1);
    expect(warnings.join('')).toContain('online count unavailable');
  });

  it('stops placing viewers on a node as soon as an operator drains it through this replica', async () => {
    const before = await placement.assignViewer('drain-room', 'bob');
    await nodes.setDraining(before.node.nodeId, true);

    const after = await placement.assignViewer('drain-room', 'bob');
    expect(after.node.nodeId).not.toBe(before.node.nodeId);
    expect(await metricValue('ovation_scheduler_nodes', { kind: 'push', state: 'draining' })).toBe(1);

    await nodes.setDraining(before.node.nodeId, false);
    expect((await placement.assignViewer('drain-room', 'bob')).node.nodeId).toBe(before.node.nodeId);
  });

  it('places a broadcaster on the least loaded ingest node', async () => {
    expect((await placement.assignIngest('room-a')).nodeId).toBe('ingest-2');
  });

  it('rejects a missing room id naming the field, and counts it', async () => {
    await expect(placement.assignViewer('', 'alice')).rejects.toMatchObject({ kind: 'invalid_argument', field: 'room_id' });
    await expect(placement.assignIngest('')).rejects.toMatchObject({ kind: 'invalid_argument', field: 'room_id' });
    expect(await metricValue('ovation_scheduler_assignments_total', { kind: 'viewer', outcome: 'invalid' })).toBe(1);
  });

  it('answers UNAVAILABLE when no node of the kind is registered, and counts it', async () => {
    const empty = new NodeSnapshot(new NodeRegistry(emptyRedis, 10_000), 0);
    const nowhere = new PlacementService(empty, counts, policy, metrics, logger);

    await expect(nowhere.assignViewer('room-a', 'alice')).rejects.toMatchObject({ kind: 'unavailable', reason: 'no_push_node' });
    await expect(nowhere.assignIngest('room-a')).rejects.toMatchObject({ kind: 'unavailable', reason: 'no_ingest_node' });
    expect(await metricValue('ovation_scheduler_assignments_total', { outcome: 'unavailable' })).toBe(2);
    expect(await metricValue('ovation_scheduler_assignments_total', { kind: 'viewer', outcome: 'ok' })).toBeGreaterThan(0);
  });

  it('counts heartbeats and live nodes by kind and state', async () => {
    expect(await metricValue('ovation_scheduler_heartbeats_total', { kind: 'ingest' })).toBe(2);
    expect(await metricValue('ovation_scheduler_nodes', { kind: 'push', state: 'accepting' })).toBe(4);
    expect(await metricValue('ovation_scheduler_nodes', { kind: 'ingest', state: 'accepting' })).toBe(2);
    expect(await metricValue('ovation_scheduler_nodes', { kind: 'playback' })).toBe(0);
  });

  it('rejects a bad heartbeat naming the field', async () => {
    await expect(nodes.heartbeat(push('bad', { capacity: 0 }))).rejects.toMatchObject({ kind: 'invalid_argument', field: 'node.capacity' });
  });
});
