import type { CallHandler, ExecutionContext } from '@nestjs/common';
import type { Principal } from '@ovation/auth';
import { Registry } from 'prom-client';
import { lastValueFrom, of } from 'rxjs';
import type { FixedWindowLimiter, LimitDecision } from './fixed-window-limiter';
import { RateLimitedException } from './rate-limited.exception';
import { RateLimitInterceptor, type RateLimits } from './rate-limit.interceptor';

// The limiter itself is tested against Redis (fixed-window-limiter.int.spec.ts); here it is faked
// to pin down what the interceptor does with its answers, its failures and its silence.
function setup(hit: (key: string, limit: number) => Promise<LimitDecision>, limits: RateLimits = { perIpPerMinute: 10, perUserPerMinute: 5 }) {
  const keys: string[] = [];
  const limiter = { hit: (key: string, limit: number) => (keys.push(`${key}/${limit}`), hit(key, limit)) } as unknown as FixedWindowLimiter;
  const registry = new Registry();
  const logger = { warn: jest.fn() };
  const interceptor = new RateLimitInterceptor(limiter, limits, logger as never, registry);
  const run = (principal?: Principal) => {
    const context = { getType: () => 'http', switchToHttp: () => ({ getRequest: () => ({ ip: '10.0.0.7', headers: {}, principal }) }) } as unknown as ExecutionContext;
    const next: CallHandler = { handle: jest.fn(() => of('handled')) };
    return { result: lastValueFrom(interceptor.intercept(context, next)), next };
  };
  return { run, keys, registry, logger };
}

const allow: LimitDecision = { allowed: true, count: 1, resetInMs: 60_000 };
const alice: Principal = { userId: 'alice', displayName: 'Alice', role: 'viewer' };

describe('RateLimitInterceptor', () => {
  it('counts the address, then the signed-in user, before handling', async () => {
    const { run, keys } = setup(async () => allow);
    await expect(run(alice).result).resolves.toBe('handled');
    expect(keys).toEqual(['ip:10.0.0.7/10', 'user:alice/5']);
    await run().result;
    expect(keys.slice(2)).toEqual(['ip:10.0.0.7/10']);
  });

  it('refuses with the seconds left in the window and counts the refusal by scope', async () => {
    const { run, registry } = setup(async (key) => (key.startsWith('user:') ? { allowed: false, count: 6, resetInMs: 12_300 } : allow));
    const { result, next } = run(alice);
    await expect(result).rejects.toEqual(expect.any(RateLimitedException));
    await expect(result).rejects.toMatchObject({ scope: 'user', retryAfterSeconds: 13 });
    expect(next.handle).not.toHaveBeenCalled();
    expect(await registry.getSingleMetricAsString('ovation_gateway_rate_limited_total')).toContain('ovation_gateway_rate_limited_total{scope="user"} 1');
  });

  it('skips a limit set to 0', async () => {
    const { run, keys } = setup(async () => allow, { perIpPerMinute: 0, perUserPerMinute: 5 });
    await run(alice).result;
    expect(keys).toEqual(['user:alice/5']);
  });

  it('lets requests through when Redis fails, logging and counting it', async () => {
    const { run, registry, logger } = setup(() => Promise.reject(new Error('ECONNREFUSED')));
    await expect(run(alice).result).resolves.toBe('handled');
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(await registry.getSingleMetricAsString('ovation_gateway_rate_limit_errors_total')).toContain('ovation_gateway_rate_limit_errors_total 2');
  });

  it('lets requests through when Redis does not answer in time', async () => {
    const { run } = setup(() => new Promise<LimitDecision>(() => undefined));
    await expect(run().result).resolves.toBe('handled');
  });
});
