import { randomBytes } from 'node:crypto';
import { createRedis, RedisClient } from '@ovation/redis';
import { LikeAllowance } from './like-allowance';

const prefix = `spec-likes-${randomBytes(4).toString('hex')}:`;
let redis: RedisClient;

beforeAll(() => {
  redis = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: prefix });
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys.map((key) => key.slice(prefix.length)));
  await redis.quit();
});

const room = () => `room-${randomBytes(4).toString('hex')}`;
const counts = (totals: Array<{ count: number }>) => totals.map(({ count }) => count);

describe('LikeAllowance against the real Redis', () => {
  it("cuts each user's taps to their cap and keeps users and rooms apart", async () => {
    const allowance = new LikeAllowance(redis, { burst: 100, intervalMs: 60_000 });
    const roomId = room();
    const granted = await allowance.grant(roomId, [
      { roomId, userId: 'greedy', count: 5000 },
      { roomId, userId: 'fair', count: 30 },
    ]);
    expect(granted).toEqual([
      { roomId, userId: 'greedy', count: 100 },
      { roomId, userId: 'fair', count: 30 },
    ]);
    expect(counts(await allowance.grant(roomId, [{ roomId, userId: 'greedy', count: 1 }, { roomId, userId: 'fair', count: 100 }]))).toEqual([0, 70]);
    const elsewhere = room();
    expect(counts(await allowance.grant(elsewhere, [{ roomId: elsewhere, userId: 'greedy', count: 10 }]))).toEqual([10]);
  });

  it('shares one cap between allowances (two push nodes) and refills it at the rate', async () => {
    const nodeA = new LikeAllowance(redis, { burst: 50, intervalMs: 20 });
    const nodeB = new LikeAllowance(createRedisTwin(), { burst: 50, intervalMs: 20 });
    const roomId = room();
    const started = Date.now();
    const [a, b] = await Promise.all([nodeA.grant(roomId, [{ roomId, userId: 'u', count: 40 }]), nodeB.grant(roomId, [{ roomId, userId: 'u', count: 40 }])]);
    // The burst, plus what refilled (one tap per 20 ms) between the two nodes' calls on a slow machine.
    expect(a[0].count + b[0].count).toBeGreaterThanOrEqual(50);
    expect(a[0].count + b[0].count).toBeLessThanOrEqual(50 + Math.ceil((Date.now() - started) / 20));
    expect(a[0].count + b[0].count).toBeLessThan(80);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // 50 taps a second: about 15 back after 300 ms, never more than the burst.
    const later = (await nodeA.grant(roomId, [{ roomId, userId: 'u', count: 1000 }]))[0].count;
    expect(later).toBeGreaterThanOrEqual(14);
    expect(later).toBeLessThan(50);
  });
});

const twins: RedisClient[] = [];
function createRedisTwin(): RedisClient {
  const twin = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: prefix });
  twins.push(twin);
  return twin;
}
afterAll(() => Promise.all(twins.map((twin) => twin.quit())));
