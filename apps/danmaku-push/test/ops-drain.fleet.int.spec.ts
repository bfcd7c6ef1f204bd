import { schedulerV1 } from '@ovation/contracts';
import { createGrpcClient, GrpcClientHandle } from '@ovation/grpc';
import { startTestFleet, TestFleet, testSecrets, waitFor } from '@ovation/testing';
import { PushClient } from './push-client';
import { joinToken, metric, wsUrl } from './push-fixtures';

// The built scheduler and a built push node: the push node's ops port drains only with the
// OPS_TOKEN, and an undrain returns it to service (ready, taking sockets, placed by the scheduler).
jest.setTimeout(120_000);

const PUSH = 'danmaku-push-1';

let fleet: TestFleet;
let scheduler: GrpcClientHandle<schedulerV1.SchedulerServiceClient>;
let ops: string;
const clients: PushClient[] = [];

beforeAll(async () => {
  fleet = await startTestFleet({
    portOffset: 9000,
    only: ['room', 'scheduler', PUSH],
    env: { HEARTBEAT_INTERVAL_MS: '300', NODE_TTL_MS: '3000', DRAIN_SPREAD_MS: '100', DRAIN_GRACE_MS: '500' },
  });
  scheduler = createGrpcClient<schedulerV1.SchedulerServiceClient>({
    domain: 'scheduler',
    service: 'SchedulerService',
    address: `127.0.0.1:${fleet.byName('scheduler').ports.GRPC_PORT}`,
    defaultDeadlineMs: 5_000,
  });
  ops = fleet.url(PUSH, 'OPS_PORT');
});

afterEach(() => clients.splice(0).forEach((client) => client.close()));

afterAll(async () => {
  scheduler?.close();
  await fleet?.stop();
});

const post = (path: string, authorization?: string) => fetch(`${ops}${path}`, { method: 'POST', headers: authorization ? { authorization } : {} });
const readiness = async () => (await fetch(`${ops}/readyz`)).status;
/** The push node the scheduler hands a new viewer, or the error code when none can take one. */
const placed = () => scheduler.client.assignViewer({ roomId: 'ops-room', userId: `viewer-${Date.now()}` }).then((a) => a.nodeId, (error: { code: number }) => `error ${error.code}`);
const socketOpens = async (userId: string) => {
  const client = new PushClient(wsUrl(fleet, PUSH), { query: { token: await joinToken('ops-room', userId) } });
  clients.push(client);
  return client.opened().then(() => true, () => false);
};

it('refuses a drain without the token or with a wrong one (401), and the node stays in service', async () => {
  const nodeId = await waitFor(async () => { const id = await placed(); return id.startsWith('error') ? undefined : id; }, 15_000, 'the push node placed by the scheduler');
  for (const authorization of [undefined, 'Bearer wrong-token', `Bearer ${testSecrets.OPS_TOKEN.slice(1)}`]) {
    const refused = await post('/drain', authorization);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await refused.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
  }
  const heartbeats = await metric(fleet, 'scheduler', 'ovation_scheduler_heartbeats_total');
  expect((await post('/undrain')).status).toBe(401);
  // Three heartbeats later (a drain would have been reported in one): still ready, still placed, still taking sockets.
  await waitFor(async () => ((await metric(fleet, 'scheduler', 'ovation_scheduler_heartbeats_total')) >= heartbeats + 3 ? true : undefined), 10_000, 'three more heartbeats');
  expect(await readiness()).toBe(200);
  expect(await placed()).toBe(nodeId);
  expect(await socketOpens('before')).toBe(true);
  // Three refused drains and one refused undrain, counted; the presented tokens never logged.
  expect(await metric(fleet, PUSH, 'ovation_ops_refused_total')).toBe(4);
  expect(fleet.logs(PUSH).join('\n')).not.toContain('wrong-token');
});

it('drains with the token, and an undrain returns the node to service', async () => {
  const nodeId = await placed();
  expect((await post('/drain', `Bearer ${testSecrets.OPS_TOKEN}`)).status).toBe(202);
  await waitFor(async () => ((await readiness()) === 503 ? true : undefined), 5_000, 'the node not ready');
  // UNAVAILABLE (14): the only push node is draining.
  await waitFor(async () => ((await placed()) === 'error 14' ? true : undefined), 5_000, 'the scheduler to stop placing viewers on the drained node');
  expect(await socketOpens('during')).toBe(false);

  expect((await post('/undrain', `Bearer ${testSecrets.OPS_TOKEN}`)).status).toBe(202);
  await waitFor(async () => ((await readiness()) === 200 ? true : undefined), 5_000, 'the node ready again');
  expect(await waitFor(async () => { const id = await placed(); return id.startsWith('error') ? undefined : id; }, 5_000, 'the scheduler placing viewers again')).toBe(nodeId);
  expect(await socketOpens('after')).toBe(true);
});
