import { Metadata, status } from '@grpc/grpc-js';
import { schedulerV1 } from '@ovation/contracts';
import { createGrpcClient, ERROR_FIELD_KEY, GrpcClientHandle } from '@ovation/grpc';
import { PresenceAggregator, PresenceReporter } from '@ovation/presence';
import { createRedis, RedisClient } from '@ovation/redis';
import { NodeHeartbeat, startNodeHeartbeat } from '@ovation/scheduler-client';
import { startTestFleet, TestFleet, waitFor } from '@ovation/testing';
import pino from 'pino';

// The built scheduler as production runs it (its own process, real Redis), with fake push and
// ingest nodes registering the way real ones do: through @ovation/scheduler-client over gRPC.
const PORT_OFFSET = 3500;
const NODE_TTL_MS = 2_000;
const PER_NODE_ROOM_TARGET = 100;
const { NodeKind } = schedulerV1;

interface FakeNode {
  nodeId: string;
  kind: 'push' | 'ingest';
  address: string;
  load: number;
  drainRequests: boolean[];
  heartbeat?: NodeHeartbeat;
}

const fakeNodes: FakeNode[] = [
  { nodeId: 'push-a', kind: 'push', address: 'ws://push-a.test:8090/ws', load: 10, drainRequests: [] },
  { nodeId: 'push-b', kind: 'push', address: 'ws://push-b.test:8090/ws', load: 10, drainRequests: [] },
  { nodeId: 'push-c', kind: 'push', address: 'ws://push-c.test:8090/ws', load: 10, drainRequests: [] },
  { nodeId: 'ingest-a', kind: 'ingest', address: 'rtmp://ingest-a.test:1935/live', load: 3, drainRequests: [] },
  { nodeId: 'ingest-b', kind: 'ingest', address: 'rtmp://ingest-b.test:1935/live', load: 1, drainRequests: [] },
];
const byId = (nodeId: string) => fakeNodes.find((n) => n.nodeId === nodeId)!;

let fleet: TestFleet;
let grpc: GrpcClientHandle<schedulerV1.SchedulerServiceClient>;
let schedulerAddress: string;
const scheduler = () => grpc.client;
const logger = pino({ level: 'silent' });

function startFleet(): Promise<TestFleet> {
  return startTestFleet({
    portOffset: PORT_OFFSET,
    only: ['scheduler'],
    serviceEnv: {
      scheduler: { NODE_TTL_MS: String(NODE_TTL_MS), HEARTBEAT_INTERVAL_MS: '300', PER_NODE_ROOM_TARGET: String(PER_NODE_ROOM_TARGET) },
    },
  });
}

function startHeartbeat(node: FakeNode): void {
  node.heartbeat = startNodeHeartbeat({
    schedulerAddress,
    node: { nodeId: node.nodeId, kind: node.kind, address: node.address, grpcAddress: `${node.nodeId}.test:50054`, capacity: node.kind === 'push' ? 10_000 : 10 },
    load: () => ({ load: node.load, cpu: 0.2 }),
    onDrainRequest: (drain) => node.drainRequests.push(drain),
    logger,
  });
}

async function listed(kind = NodeKind.NODE_KIND_UNSPECIFIED): Promise<string[]> {
  return (await scheduler().listNodes({ kind })).nodes.map((n) => n.info!.nodeId);
}

async function grpcError(call: Promise<unknown>): Promise<{ code: number; details: string; metadata: Metadata }> {
  try {
    await call;
  } catch (error) {
    return error as { code: number; details: string; metadata: Metadata };
  }
  throw new Error('expected the call to fail');
}

async function metricsText(): Promise<string> {
  return (await fetch(`${fleet.url('scheduler', 'OPS_PORT')}/metrics`)).text();
}

beforeAll(async () => {
  fleet = await startFleet();
  schedulerAddress = `127.0.0.1:${fleet.byName('scheduler').ports.GRPC_PORT}`;
  grpc = createGrpcClient<schedulerV1.SchedulerServiceClient>({ domain: 'scheduler', service: 'SchedulerService', address: schedulerAddress, defaultDeadlineMs: 5_000 });
  fakeNodes.forEach(startHeartbeat);
  await waitFor(async () => ((await listed()).length === fakeNodes.length ? true : undefined), 10_000, 'every fake node to register');
}, 120_000);

afterAll(async () => {
  await Promise.all(fakeNodes.map((n) => n.heartbeat?.stop()));
  grpc?.close();
  await fleet?.stop();
}, 60_000);

describe('the scheduler over gRPC', () => {
  it('lists the nodes that heartbeat, by kind, with what they reported', async () => {
    expect(await listed(NodeKind.NODE_KIND_PUSH)).toEqual(['push-a', 'push-b', 'push-c']);
    expect(await listed(NodeKind.NODE_KIND_INGEST)).toEqual(['ingest-a', 'ingest-b']);
    const [ingestA] = (await scheduler().listNodes({ kind: NodeKind.NODE_KIND_INGEST })).nodes;
    expect(ingestA.info).toMatchObject({ address: 'rtmp://ingest-a.test:1935/live', grpcAddress: 'ingest-a.test:50054', capacity: 10, load: 3, cpu: 0.2, draining: false });
    expect(Number(ingestA.lastSeen)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("answers AssignViewer with a push node's WebSocket URL, the same one for the same viewer", async () => {
    const first = await scheduler().assignViewer({ roomId: 'room-1', userId: 'alice' });

    expect(byId(first.nodeId).address).toBe(first.wsUrl);
    expect(byId(first.nodeId).kind).toBe('push');
    for (let i = 0; i < 5; i++) expect(await scheduler().assignViewer({ roomId: 'room-1', userId: 'alice' })).toEqual(first);
  });

  it('keeps the viewers of a quiet room on one node, and spreads a hot one once presence shows it hot', async () => {
    const nodesFor = async (roomId: string) => {
      const used = new Set<string>();
      for (let i = 0; i < 60; i++) used.add((await scheduler().assignViewer({ roomId, userId: `viewer-${i}` })).nodeId);
      return used;
    };
    expect((await nodesFor('hot-room')).size).toBe(1);

    // The room service's aggregation, played here: push nodes report 250 viewers, room publishes the count.
    const redis: RedisClient = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `${fleet.namespace}:` });
    try {
      await new PresenceReporter(redis).report('push-a', new Map([['hot-room', { connections: 250, uniqueUsers: 250 }]]));
      const presence = new PresenceAggregator(redis);
      await presence.upsertLiveRoom('hot-room', 'music');
      await presence.refreshLiveRooms();
    } finally {
      await redis.quit();
    }

    expect((await nodesFor('hot-room')).size).toBe(3);
    expect((await nodesFor('quiet-room')).size).toBe(1);
  });

  it('answers AssignIngest with the least loaded ingest node', async () => {
    expect(await scheduler().assignIngest({ roomId: 'room-1' })).toEqual({ nodeId: 'ingest-b', rtmpUrl: 'rtmp://ingest-b.test:1935/live' });
  });

  it('stops sending viewers to a node that marks itself draining', async () => {
    const { nodeId } = await scheduler().assignViewer({ roomId: 'drain-room', userId: 'bob' });
    await byId(nodeId).heartbeat!.setDraining(true);
    try {
      const moved = await waitFor(
        async () => {
          const now = await scheduler().assignViewer({ roomId: 'drain-room', userId: 'bob' });
          return now.nodeId !== nodeId ? now : undefined;
        },
        5_000,
        'the viewer to be placed elsewhere',
      );
      expect(byId(moved.nodeId).kind).toBe('push');
    } finally {
      await byId(nodeId).heartbeat!.setDraining(false);
    }
  });

  it("passes an operator's drain request to the node and shows it in ListNodes", async () => {
    const { node } = await scheduler().setDraining({ nodeId: 'push-c', draining: true });
    expect(node!.info).toMatchObject({ nodeId: 'push-c', draining: true });
    await waitFor(() => (byId('push-c').drainRequests.at(-1) === true ? true : undefined), 5_000, 'push-c to hear the drain request');

    await scheduler().setDraining({ nodeId: 'push-c', draining: false });
    await waitFor(() => (byId('push-c').drainRequests.at(-1) === false ? true : undefined), 5_000, 'push-c to hear it may resume');
    expect(byId('push-c').drainRequests).toEqual([true, false]);
  });

  it('rejects bad requests with INVALID_ARGUMENT naming the field, and unknown nodes with NOT_FOUND', async () => {
    const noRoom = await grpcError(scheduler().assignViewer({ roomId: '', userId: 'alice' }));
    expect(noRoom.code).toBe(status.INVALID_ARGUMENT);
    expect(noRoom.metadata.get(ERROR_FIELD_KEY)).toEqual(['room_id']);

    const badNode = await grpcError(scheduler().heartbeat({ node: { nodeId: 'x', kind: NodeKind.NODE_KIND_PUSH, address: 'http://x/ws', grpcAddress: '', capacity: 1, load: 0, cpu: 0, draining: false } }));
    expect(badNode.code).toBe(status.INVALID_ARGUMENT);
    expect(badNode.metadata.get(ERROR_FIELD_KEY)).toEqual(['node.address']);

    const unknown = await grpcError(scheduler().setDraining({ nodeId: 'nobody', draining: true }));
    expect(unknown.code).toBe(status.NOT_FOUND);
  });

  it('exports node and assignment metrics', async () => {
    const text = await metricsText();
    expect(text).toMatch(/ovation_scheduler_nodes\{[^}]*kind="push"[^}]*state="accepting"[^}]*\} 3/);
    expect(text).toMatch(/ovation_scheduler_nodes\{[^}]*kind="ingest"[^}]*state="accepting"[^}]*\} 2/);
    expect(text).toMatch(/ovation_scheduler_assignments_total\{[^}]*kind="viewer"[^}]*outcome="ok"[^}]*\} \d+/);
    expect(text).toMatch(/ovation_scheduler_assignments_total\{[^}]*kind="viewer"[^}]*outcome="invalid"[^}]*\} 1/);
    expect(text).toMatch(/ovation_scheduler_heartbeats_total\{[^}]*kind="push"[^}]*\} \d+/);
  });

  it('forgets push nodes that stop heartbeating, then answers UNAVAILABLE', async () => {
    const push = fakeNodes.filter((n) => n.kind === 'push');
    await Promise.all(push.map((n) => n.heartbeat!.stop()));

    // A stopped node's last heartbeat marks it draining: no new viewers at once, gone after the TTL.
    const unavailable = await waitFor(
      () => grpcError(scheduler().assignViewer({ roomId: 'room-1', userId: 'alice' })).catch(() => undefined),
      5_000,
      'AssignViewer to fail',
    );
    expect(unavailable.code).toBe(status.UNAVAILABLE);
    expect(unavailable.details).toContain('no push node can take new work');
    await waitFor(async () => ((await listed(NodeKind.NODE_KIND_PUSH)).length === 0 ? true : undefined), NODE_TTL_MS + 5_000, 'the push nodes to expire');
    expect(await listed()).toEqual(['ingest-a', 'ingest-b']);
  });

  it('keeps nodes registered across a scheduler restart: their heartbeats keep trying', async () => {
    grpc.close();
    await fleet.stop();
    // The new process starts on a fresh Redis namespace: only the running heartbeats can fill it.
    fleet = await startFleet();
    grpc = createGrpcClient<schedulerV1.SchedulerServiceClient>({ domain: 'scheduler', service: 'SchedulerService', address: schedulerAddress, defaultDeadlineMs: 5_000 });

    await waitFor(async () => ((await listed()).length === 2 ? true : undefined), 15_000, 'the ingest nodes to register again');
    expect(await scheduler().assignIngest({ roomId: 'room-1' })).toEqual({ nodeId: 'ingest-b', rtmpUrl: 'rtmp://ingest-b.test:1935/live' });
  }, 120_000);
});
