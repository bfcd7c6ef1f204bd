import { randomUUID } from 'node:crypto';
import { ComboCounter } from '@ovation/gift-server';
import { createRedis } from '@ovation/redis';
import { infraEnv } from '@ovation/testing';

describe('ComboCounter against the real Redis', () => {
  const redis = createRedis({ url: infraEnv().REDIS_URL, keyPrefix: `combo-spec-${randomUUID()}:` });
  afterAll(() => redis.quit());

  const combos = new ComboCounter(redis, 5_000);
  const send = (room: string, eventId: string, atMs: number, giftId = 'rose') => ({ roomId: room, senderId: 'fan', eventId, giftId, comboAble: true, atMs });

  it('counts a run of the same gift across batches, per sender and room', async () => {
    const room = randomUUID();
    expect(await combos.next([send(room, 'e1', 1000)])).toEqual([1]);
    expect(await combos.next([send(room, 'e2', 2000), send(room, 'e3', 3000), send(`${room}-other`, 'x1', 3000)])).toEqual([2, 3, 1]);
    expect(await combos.next([send(room, 'e4', 4000, 'heart'), send(room, 'e5', 4500)])).toEqual([1, 1]);
  });

  it('gives the events of a batch that failed and came again the counts they got the first time', async () => {
    const room = randomUUID();
    await combos.next([send(room, 'e1', 1000)]);
    expect(await combos.next([send(room, 'e2', 2000), send(room, 'e3', 3000)])).toEqual([2, 3]);

    // The batch failed after its counts were stored: Kafka delivers it again, whole or split.
    expect(await combos.next([send(room, 'e2', 2000), send(room, 'e3', 3000)])).toEqual([2, 3]);
    expect(await combos.next([send(room, 'e2', 2000)])).toEqual([2]);
    expect(await combos.next([send(room, 'e3', 3000), send(room, 'e4', 4000)])).toEqual([3, 4]);
    expect(await combos.next([send(room, 'e5', 5000)])).toEqual([5]);
  });
});
