import { randomBytes } from 'node:crypto';
import { createRedis, RedisClient } from '@ovation/redis';
import { ChatAdmission } from './chat-admission';

const prefix = `spec-admission-${randomBytes(4).toString('hex')}:`;
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

describe('ChatAdmission against the real Redis', () => {
  it('lets a user send a burst, then refuses with the time until the next token', async () => {
    const admission = new ChatAdmission(redis, { userBurst: 3, userIntervalMs: 60_000, roomPerSecond: 1000 });
    const roomId = room();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await admission.admit(roomId, 'alice', `m${i}`));
    expect(answers.slice(0, 3)).toEqual([{ kind: 'admitted' }, { kind: 'admitted' }, { kind: 'admitted' }]);
    expect(answers[3].kind).toBe('limited');
    expect((answers[3] as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(55_000);
    expect((answers[3] as { retryAfterMs: number }).retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('keeps users apart and rooms apart', async () => {
    const admission = new ChatAdmission(redis, { userBurst: 1, userIntervalMs: 60_000, roomPerSecond: 1000 });
    const roomId = room();
    expect(await admission.admit(roomId, 'alice', 'a1')).toEqual({ kind: 'admitted' });
    expect((await admission.admit(roomId, 'alice', 'a2')).kind).toBe('limited');
    expect(await admission.admit(roomId, 'bob', 'b1')).toEqual({ kind: 'admitted' });
    expect(await admission.admit(room(), 'alice', 'a3')).toEqual({ kind: 'admitted' });
  });

  it('caps the whole room, and a refused message spends nothing of the sender', async () => {
    const admission = new ChatAdmission(redis, { userBurst: 2, userIntervalMs: 60_000, roomPerSecond: 3 });
    const roomId = room();
    for (const user of ['u1', 'u2', 'u3']) expect(await admission.admit(roomId, user, 'x')).toEqual({ kind: 'admitted' });
    const refused = await admission.admit(roomId, 'u4', 'x');
    expect(refused.kind).toBe('limited');
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeLessThanOrEqual(334);
    // u4 was refused by the room: its own bucket is full once the room refills.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await admission.admit(roomId, 'u4', 'y')).toEqual({ kind: 'admitted' });
    expect(await admission.admit(roomId, 'u4', 'z')).toEqual({ kind: 'admitted' });
  });

  it('refills the user bucket over time', async () => {
    const admission = new ChatAdmission(redis, { userBurst: 1, userIntervalMs: 200, roomPerSecond: 1000 });
    const roomId = room();
    expect(await admission.admit(roomId, 'alice', 'a')).toEqual({ kind: 'admitted' });
    expect((await admission.admit(roomId, 'alice', 'b')).kind).toBe('limited');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await admission.admit(roomId, 'alice', 'c')).toEqual({ kind: 'admitted' });
  });

  it('answers a repeated client message id with what was recorded, without spending', async () => {
    const admission = new ChatAdmission(redis, { userBurst: 1, userIntervalMs: 60_000, roomPerSecond: 1000 });
    const roomId = room();
    expect(await admission.admit(roomId, 'alice', 'm1')).toEqual({ kind: 'admitted' });
    expect(await admission.admit(roomId, 'alice', 'm1')).toEqual({ kind: 'duplicate', position: undefined });
    await admission.stored(roomId, 'alice', 'm1', 42);
    expect(await admission.admit(roomId, 'alice', 'm1')).toEqual({ kind: 'duplicate', position: 42 });
  });

  it('forgets an abandoned attempt so the retry is admitted', async () => {
    const admission = new ChatAdmission(redis, { userBurst: 5, userIntervalMs: 60_000, roomPerSecond: 1000 });
    const roomId = room();
    await admission.admit(roomId, 'alice', 'm1');
    await admission.abandoned(roomId, 'alice', 'm1');
    expect(await admission.admit(roomId, 'alice', 'm1')).toEqual({ kind: 'admitted' });
  });
});
