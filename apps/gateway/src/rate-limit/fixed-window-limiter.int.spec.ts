import { createRedis, type RedisClient } from '@ovation/redis';
import { isolatedNamespace, waitFor } from '@ovation/testing';
import { FixedWindowLimiter } from './fixed-window-limiter';

describe('FixedWindowLimiter against Redis', () => {
  const { env } = isolatedNamespace();
  let redis: RedisClient;

  beforeAll(() => {
    redis = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: env.REDIS_KEY_PREFIX });
  });

  afterAll(async () => {
    const keys = await redis.keys(`${env.REDIS_KEY_PREFIX}*`);
    if (keys.length) await redis.del(...keys.map((k) => k.slice(env.REDIS_KEY_PREFIX.length)));
    await redis.quit();
  });

  it('allows the limit within a window and refuses the rest, saying when the window ends', async () => {
    const limiter = new FixedWindowLimiter(redis, 60_000);
    const decisions = [];
    for (let i = 0; i < 5; i += 1) decisions.push(await limiter.hit('user:alice', 3));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
    expect(decisions.map((d) => d.count)).toEqual([1, 2, 3, 4, 5]);
    expect(decisions[4].resetInMs).toBeGreaterThan(55_000);
    expect(decisions[4].resetInMs).toBeLessThanOrEqual(60_000);
  });

  it('counts each key on its own, under the service key prefix', async () => {
    const limiter = new FixedWindowLimiter(redis, 60_000);
    await limiter.hit('ip:10.0.0.1', 1);
    expect((await limiter.hit('ip:10.0.0.1', 1)).allowed).toBe(false);
    expect((await limiter.hit('ip:10.0.0.2', 1)).allowed).toBe(true);
    expect(await redis.get('ratelimit:ip:10.0.0.1')).toBe('2');
    const raw = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
    expect(await raw.exists(`${env.REDIS_KEY_PREFIX}ratelimit:ip:10.0.0.1`)).toBe(1);
    await raw.quit();
  });

  it('shares one window between limiters, as gateway replicas do', async () => {
    const first = new FixedWindowLimiter(redis, 60_000);
    const second = new FixedWindowLimiter(redis, 60_000);
    expect((await first.hit('user:bob', 2)).allowed).toBe(true);
    expect((await second.hit('user:bob', 2)).allowed).toBe(true);
    expect((await first.hit('user:bob', 2)).allowed).toBe(false);
  });

  it('opens a fresh window once the old one expires', async () => {
    const limiter = new FixedWindowLimiter(redis, 300);
    expect((await limiter.hit('user:carol', 1)).allowed).toBe(true);
    expect((await limiter.hit('user:carol', 1)).allowed).toBe(false);
    const fresh = await waitFor(async () => {
      const decision = await limiter.hit('user:carol', 1);
      return decision.count === 1 ? decision : undefined;
    }, 3_000, 'a new window');
    expect(fresh.allowed).toBe(true);
  });

  it('gives a key that lost its expiry one again instead of counting forever', async () => {
    await redis.set('ratelimit:user:dave', '7');
    const decision = await new FixedWindowLimiter(redis, 60_000).hit('user:dave', 100);
    expect(decision.count).toBe(8);
    expect(await redis.pttl('ratelimit:user:dave')).toBeGreaterThan(0);
  });
});
