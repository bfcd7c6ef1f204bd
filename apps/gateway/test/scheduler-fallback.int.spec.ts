import { startTestFleet, TestFleet, waitFor } from '@ovation/testing';
import { Api, apiClient, devToken, metricValue } from './api-client';
import { discoveryEnvOf } from './discovery';
import { heartbeat, ingestNode, pushNode } from './fleet-fixtures';

// Degrade rather than fail: with the scheduler gone, joins get a configured push node and say so.
describe('when the scheduler is down', () => {
  let fleet: TestFleet;
  let api: Api;
  let viewer: string;
  let owner: string;
  const discovery = discoveryEnvOf(4200);
  const fallbackUrls = discovery.PUSH_FALLBACK_URLS.split(',');

  beforeAll(async () => {
    fleet = await startTestFleet({
      portOffset: 4200,
      only: ['gateway', 'room', 'scheduler'],
      serviceEnv: { scheduler: { NODE_TTL_MS: '600000' }, gateway: { CIRCUIT_FAILURE_THRESHOLD: '3', CIRCUIT_OPEN_MS: '60000' } },
    });
    api = apiClient(fleet.url('gateway', 'HTTP_PORT'));
    viewer = await devToken(api, 'u-viewer', 'viewer');
    owner = await devToken(api, 'u-owner', 'streamer');
    await heartbeat(fleet, [pushNode('push-a', 'ws://push-a.test:8090/ws'), ingestNode('ingest-a', 'rtmp://ingest-a.test:1935/live')]);
  }, 180_000);

  afterAll(() => fleet?.stop(), 60_000);

  const createRoom = async () => (await api('POST', '/v1/rooms', { token: owner, body: { title: 'fallback' } })).body.id as string;

  it('joins through fallback push URLs, marks the answer degraded, and opens the circuit', async () => {
    const roomId = await createRoom();
    const normal = await api('POST', `/v1/rooms/${roomId}/join`, { token: viewer });
    expect(normal.status).toBe(200);
    expect(normal.body.pushUrl).toBe(`ws://push-a.test:8090/ws?room=${roomId}`);
    expect(normal.headers.get('ovation-degraded')).toBeNull();

    const scheduler = fleet.byName('scheduler');
    scheduler.child.kill('SIGKILL');
    await scheduler.exited;

    const degraded = await api('POST', `/v1/rooms/${roomId}/join`, { token: viewer });
    expect(degraded.status).toBe(200);
    expect(degraded.headers.get('ovation-degraded')).toBe('scheduler');
    expect(fallbackUrls.map((url) => `${url}?room=${roomId}`)).toContain(degraded.body.pushUrl);
    expect(degraded.body.pushNodeId).toBe('');
    expect(degraded.body.joinToken).toEqual(expect.any(String));
    expect(degraded.body.playback.hls).toContain(`/live/${roomId}/master.m3u8?`);

    // One room's viewers share one fallback node, from any gateway.
    const again = await api('POST', `/v1/rooms/${roomId}/join`, { token: viewer });
    expect(again.body.pushUrl).toBe(degraded.body.pushUrl);

    // Each join retried a dead scheduler; its failures opened the circuit, and joins still work.
    const ops = fleet.url('gateway', 'OPS_PORT');
    await waitFor(async () => ((await metricValue(ops, 'ovation_gateway_circuit_state{downstream="scheduler"')) === 2 ? true : undefined), 5_000, 'the scheduler circuit to open');
    const whileOpen = await api('POST', `/v1/rooms/${roomId}/join`, { token: viewer });
    expect(whileOpen.status).toBe(200);
    expect(whileOpen.headers.get('ovation-degraded')).toBe('scheduler');
    expect(await metricValue(ops, 'ovation_gateway_degraded_responses_total{dependency="scheduler"')).toBeGreaterThanOrEqual(3);
    expect(await metricValue(ops, 'ovation_gateway_circuit_state{downstream="room"')).toBe(0);
  });

  it("gives the owner the room's default RTMP URL, marked degraded", async () => {
    const roomId = await createRoom();
    const info = await api('GET', `/v1/rooms/${roomId}/publish`, { token: owner });
    expect(info.status).toBe(200);
    expect(info.headers.get('ovation-degraded')).toBe('scheduler');
    expect(info.body.rtmpUrl).toBe(discovery.RTMP_PUBLIC_URL);
    expect(info.body.publishUrl).toBe(`${discovery.RTMP_PUBLIC_URL}/${info.body.streamKey}`);
  });

  it('answers 503 with Retry-After when a dependency without a fallback is down', async () => {
    const roomId = await createRoom();
    const room = fleet.byName('room');
    room.child.kill('SIGKILL');
    await room.exited;
    const answer = await api('GET', `/v1/rooms/${roomId}`);
    expect(answer.status).toBe(503);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(answer.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    const join = await api('POST', `/v1/rooms/${roomId}/join`, { token: viewer });
    expect(join.status).toBe(503);
  });
});
