import { startTestFleet, TestFleet } from '@ovation/testing';
import { Api, apiClient, devToken, metricValue } from './api-client';

// Low limits so a test can reach them; the windows live in the fleet's Redis.
describe('rate limits', () => {
  let fleet: TestFleet;
  let api: Api;

  beforeAll(async () => {
    fleet = await startTestFleet({
      portOffset: 4100,
      only: ['gateway'],
      serviceEnv: { gateway: { RATE_LIMIT_PER_USER_PER_MINUTE: '4', RATE_LIMIT_PER_IP_PER_MINUTE: '10' } },
    });
    api = apiClient(fleet.url('gateway', 'HTTP_PORT'));
  }, 180_000);

  afterAll(() => fleet?.stop(), 60_000);

  // Refused by validation before any downstream is asked: cheap requests that still count.
  const invalidCreate = (token: string) => api('POST', '/v1/rooms', { token, body: { title: '' } });

  it('answers 429 with Retry-After once a user spent the minute, then the address', async () => {
    const alice = await devToken(api, 'alice', 'streamer');
    const bob = await devToken(api, 'bob', 'streamer'); // 2 requests of this address so far

    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await invalidCreate(alice)).status);
    expect(statuses).toEqual([400, 400, 400, 400]);

    const limited = await invalidCreate(alice); // the address: 7
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.body).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('user') } });

    // Another user from the same address is still served until the address is spent too.
    expect((await invalidCreate(bob)).status).toBe(400); // 8
    expect((await invalidCreate(bob)).status).toBe(400); // 9
    expect((await invalidCreate(bob)).status).toBe(400); // 10
    const byAddress = await invalidCreate(bob); // 11
    expect(byAddress.status).toBe(429);
    expect(byAddress.body.error.message).toContain('address');
    expect(Number(byAddress.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    // Public routes count against the address as well.
    expect((await api('POST', '/v1/auth/guest', { body: {} })).status).toBe(429);

    const ops = fleet.url('gateway', 'OPS_PORT');
    expect(await metricValue(ops, 'ovation_gateway_rate_limited_total{scope="user"')).toBe(1);
    expect(await metricValue(ops, 'ovation_gateway_rate_limited_total{scope="ip"')).toBe(2);
  });
});
