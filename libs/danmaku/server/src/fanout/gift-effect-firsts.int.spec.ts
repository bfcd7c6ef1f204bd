import { randomBytes } from 'node:crypto';
import { createRedis } from '@ovation/redis';
import { GiftEffectFirsts } from './gift-effect-firsts';

describe('GiftEffectFirsts (real Redis)', () => {
  const prefix = `spec-gift-firsts-${randomBytes(4).toString('hex')}:`;
  const redis = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: prefix });
  // A minute's memory: the keys clean themselves up.
  const firsts = new GiftEffectFirsts(redis, 60);
  afterAll(() => redis.quit());

  it('shows an order at its first position on every node, and never again', async () => {
    expect(await firsts.isRepeat('room-1', 'order-a', 10)).toBe(false);
    // Another node (or a redelivery) reading the same message decides the same.
    expect(await firsts.isRepeat('room-1', 'order-a', 10)).toBe(false);
    // The same order published again later in the stream is a repeat, wherever it is read.
    expect(await firsts.isRepeat('room-1', 'order-a', 15)).toBe(true);
    expect(await firsts.isRepeat('room-1', 'order-a', 15)).toBe(true);
  });

  it('keeps orders and rooms apart', async () => {
    expect(await firsts.isRepeat('room-1', 'order-b', 16)).toBe(false);
    expect(await firsts.isRepeat('room-2', 'order-a', 3)).toBe(false);
  });
});
