import { Counter, Registry } from 'prom-client';
import { DrainState, evaluateReadiness, startOpsServer } from './index';

describe('evaluateReadiness', () => {
  const checks = {
    mysql: async () => undefined,
    redis: () => Promise.reject(new Error('ECONNREFUSED')),
    kafka: () => new Promise(() => undefined),
  };

  it('is ready only when every gating check answers in time', async () => {
    const report = await evaluateReadiness({ checks, gating: ['mysql', 'kafka'] }, 50);
    expect(report).toEqual({ ready: false, checks: { mysql: 'ok', redis: 'ECONNREFUSED', kafka: 'no answer within 50 ms' }, gating: ['mysql', 'kafka'] });
  });

  it('reports a check that does not gate without letting it decide', async () => {
    const report = await evaluateReadiness({ checks, gating: ['mysql'] }, 50);
    expect(report).toEqual({ ready: true, checks: { mysql: 'ok', redis: 'ECONNREFUSED', kafka: 'no answer within 50 ms' }, gating: ['mysql'] });
  });
});

describe('startOpsServer', () => {
  const registry = new Registry();
  new Counter({ name: 'ops_spec_total', help: 'a counter for the spec', registers: [registry] }).inc(3);
  let healthy = true;
  let drains = 0;
  let undrains = 0;
  const refusals: string[] = [];
  const TOKEN = 'ops-spec-token-0123456789abcdefghijkl';
  const drain = new DrainState();
  let server: Awaited<ReturnType<typeof startOpsServer>>;
  let base: string;

  beforeAll(async () => {
    server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry,
      readiness: { checks: { dependency: async () => { if (!healthy) throw new Error('down'); } }, gating: ['dependency'] },
      drain,
      actions: {
        token: TOKEN,
        routes: {
          '/drain': async () => { drains += 1; drain.begin(); },
          '/undrain': async () => { undrains += 1; drain.end(); },
        },
      },
      onRefused: (path, reason) => refusals.push(`${path} ${reason}`),
    });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.close());

  it('answers liveness', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
  });

  it('reports readiness from its checks', async () => {
    healthy = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    healthy = false;
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'not_ready', checks: { dependency: 'down' }, gating: ['dependency'] });
    healthy = true;
  });

  it('serves the registry in Prometheus text format', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toContain('ops_spec_total 3');
  });

  const post = (path: string, authorization?: string) => fetch(`${base}${path}`, { method: 'POST', headers: authorization ? { authorization } : {} });

  it('refuses operator actions without the right bearer token (401, WWW-Authenticate, counted), running none', async () => {
    for (const [authorization, reason] of [
      [undefined, 'missing_credential'],
      ['Basic b3BzOnNlY3JldA==', 'missing_credential'],
      ['Bearer ', 'missing_credential'],
      ['Bearer wrong', 'wrong_credential'],
      [`Bearer ${TOKEN}x`, 'wrong_credential'],
      [`Bearer ${TOKEN.slice(0, -1)}`, 'wrong_credential'],
    ] as const) {
      const refused = await post('/drain', authorization);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await refused.json()).toEqual({ error: { code: 'unauthenticated', message: expect.stringContaining('/drain') } });
      expect(refusals.pop()).toBe(`/drain ${reason}`);
    }
    expect((await post('/undrain', 'Bearer nope')).status).toBe(401);
    expect(drains).toBe(0);
    expect(undrains).toBe(0);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('ovation_ops_refused_total{path="/drain",reason="missing_credential"} 3');
    expect(metrics).toContain('ovation_ops_refused_total{path="/drain",reason="wrong_credential"} 3');
    expect(metrics).toContain('ovation_ops_refused_total{path="/undrain",reason="wrong_credential"} 1');
    expect(metrics).not.toContain(TOKEN);
  });

  it('runs operator actions by POST with the token; a drain makes it report not ready, an undrain ready again', async () => {
    const accepted = await post('/drain', `Bearer ${TOKEN}`);
    expect(accepted.status).toBe(202);
    expect(drains).toBe(1);
    // Draining: alive, dependencies fine, but not ready for new traffic.
    const draining = await fetch(`${base}/readyz`);
    expect(draining.status).toBe(503);
    expect(await draining.json()).toEqual({ status: 'draining', checks: { dependency: 'ok' }, gating: ['dependency'] });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await post('/undrain', `bearer ${TOKEN}`)).status).toBe(202);
    expect(undrains).toBe(1);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('does not start with actions but no token', async () => {
    await expect(startOpsServer({ port: 0, host: '127.0.0.1', registry: new Registry(), readiness: { checks: {}, gating: [] }, actions: { token: '', routes: {} } })).rejects.toThrow('ops actions need a token');
  });

  it('answers unknown routes with 404 and a route asked with another method with 405, in the one error shape', async () => {
    const unknown = await fetch(`${base}/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: 'no ops route GET /nope' } });
    for (const [method, path, allowed] of [
      ['GET', '/drain', 'POST'],
      ['POST', '/healthz', 'GET, HEAD'],
      ['DELETE', '/metrics', 'GET, HEAD'],
    ]) {
      const refused = await fetch(`${base}${path}`, { method });
      expect(refused.status).toBe(405);
      expect(refused.headers.get('allow')).toBe(allowed);
      expect(await refused.json()).toEqual({ error: { code: 'method_not_allowed', message: expect.any(String) } });
    }
    expect(drains).toBe(1);
    expect((await fetch(`${base}/healthz`, { method: 'HEAD' })).status).toBe(200);
    expect(unknown.headers.get('x-powered-by')).toBeNull();
  });
});
