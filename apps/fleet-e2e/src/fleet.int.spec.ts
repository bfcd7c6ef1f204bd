import { startTestFleet, TestFleet, waitFor } from '@ovation/testing';

// The whole fleet, built and started as production runs it (separate node processes,
// OpenTelemetry preloaded), against real MariaDB, Redis and Kafka.
const expectedChecks: Record<string, string[]> = {
  gateway: ['redis'],
  room: ['mysql', 'redis', 'kafka'],
  gift: ['mysql', 'redis', 'kafka'],
  scheduler: ['redis'],
  'danmaku-push-1': ['mysql', 'redis', 'kafka'],
  'danmaku-push-2': ['mysql', 'redis', 'kafka'],
  ingest: ['kafka'],
  playback: ['kafka'],
};
// Of those, what each cannot serve without (their READMEs say why); the others are only reported.
const expectedGating: Record<string, string[]> = {
  gateway: [],
  room: ['mysql'],
  gift: ['mysql'],
  scheduler: ['redis'],
  'danmaku-push-1': ['redis', 'kafka'],
  'danmaku-push-2': ['redis', 'kafka'],
  ingest: ['kafka'],
  playback: [],
};

describe('the fleet', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    fleet = await startTestFleet({ portOffset: 1000 });
  }, 180_000);

  afterAll(() => fleet?.stop(), 60_000);

  it.each(Object.keys(expectedChecks))('%s is live and ready, checking the dependencies it uses', async (name) => {
    const ops = fleet.url(name, 'OPS_PORT');
    expect((await fetch(`${ops}/healthz`)).status).toBe(200);
    const ready = await fetch(`${ops}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { checks: Record<string, string>; gating: string[] };
    expect(Object.keys(body.checks).sort()).toEqual([...expectedChecks[name]].sort());
    expect(body.gating.sort()).toEqual([...expectedGating[name]].sort());
    expect(Object.values(body.checks).every((v) => v === 'ok')).toBe(true);
  });

  it.each(Object.keys(expectedChecks))('%s exposes default and RED metrics', async (name) => {
    const text = await (await fetch(`${fleet.url(name, 'OPS_PORT')}/metrics`)).text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toContain('# TYPE ovation_request_duration_seconds histogram');
    expect(text).toContain('# TYPE ovation_requests_total counter');
  });

  it('records RED samples for HTTP at the gateway and gRPC at room', async () => {
    const gateway = fleet.url('gateway', 'HTTP_PORT');
    const missing = await fetch(`${gateway}/v1/rooms/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'room_not_found', message: expect.stringContaining('does not exist') } });

    const gatewayMetrics = await (await fetch(`${fleet.url('gateway', 'OPS_PORT')}/metrics`)).text();
    expect(gatewayMetrics).toMatch(/ovation_requests_total\{[^}]*transport="http"[^}]*operation="GET \/v1\/rooms\/:id"[^}]*outcome="client_error"[^}]*\} 1/);
    const roomMetrics = await waitFor(
      async () => {
        const text = await (await fetch(`${fleet.url('room', 'OPS_PORT')}/metrics`)).text();
        return /ovation_requests_total\{[^}]*transport="grpc"[^}]*outcome="client_error"/.test(text) ? text : undefined;
      },
      5000,
      'room RED metrics',
    );
    expect(roomMetrics).toMatch(/operation="[^"]*[Gg]etRoom"/);
  });
});
