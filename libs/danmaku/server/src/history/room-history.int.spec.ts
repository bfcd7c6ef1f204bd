import { randomBytes } from 'node:crypto';
import { roomV1 } from '@ovation/contracts';
import { createRedis, RedisClient } from '@ovation/redis';
import { RecordedEvent, RoomHistory } from './room-history';

const prefix = `spec-history-${randomBytes(4).toString('hex')}:`;
let redis: RedisClient;
let other: RedisClient;

beforeAll(() => {
  redis = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: prefix });
  other = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: prefix });
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys.map((key) => key.slice(prefix.length)));
  await Promise.all([redis.quit(), other.quit()]);
});

const room = () => `room-${randomBytes(4).toString('hex')}`;

function recorded(roomId: string, position: number): RecordedEvent {
  const event: roomV1.RoomEvent = { roomId, atMs: String(1000 + position), like: { userId: 'same-user', count: 1 } };
  return { position, event, bytes: roomV1.RoomEvent.encode(event).finish() };
}

const positions = (events: Array<{ position: number }>) => events.map((e) => e.position);

describe('RoomHistory against the real Redis', () => {
  it('keeps one copy of each event however many nodes append it, even identical payloads at two positions', async () => {
    const nodeA = new RoomHistory(redis, { maxEvents: 100, ttlMs: 60_000 });
    const nodeB = new RoomHistory(other, { maxEvents: 100, ttlMs: 60_000 });
    const roomId = room();
    const events = [3, 7, 9].map((p) => recorded(roomId, p));
    await nodeA.append(new Map([[roomId, events.slice(0, 2)]]));
    await nodeB.append(new Map([[roomId, events]]));
    await nodeA.append(new Map([[roomId, events.slice(1)]]));
    const window = await nodeA.after(roomId, 0);
    expect(positions(window.after)).toEqual([3, 7, 9]);
    expect(window.after[1].event).toEqual(events[1].event);
    expect(window).toMatchObject({ floor: undefined, oldest: 3 });
    expect(positions(await nodeB.latest(roomId, 2))).toEqual([7, 9]);
  });

  it('trims to the newest events and remembers the highest trimmed position', async () => {
    const history = new RoomHistory(redis, { maxEvents: 3, ttlMs: 60_000 });
    const roomId = room();
    await history.append(new Map([[roomId, [1, 2, 4, 8, 16].map((p) => recorded(roomId, p))]]));
    await history.append(new Map([[roomId, [2, 4].map((p) => recorded(roomId, p))]]));
    expect(await history.after(roomId, 4)).toMatchObject({ floor: 2, oldest: 4 });
    expect(positions((await history.after(roomId, 4)).after)).toEqual([8, 16]);
    await history.append(new Map([[roomId, [32].map((p) => recorded(roomId, p))]]));
    expect(await history.after(roomId, 0)).toMatchObject({ floor: 4, oldest: 8 });
  });

  it('appends several rooms at once, and reads an unknown room as empty', async () => {
    const history = new RoomHistory(redis, { maxEvents: 10, ttlMs: 60_000 });
    const [a, b] = [room(), room()];
    await history.append(
      new Map([
        [a, [recorded(a, 1)]],
        [b, [recorded(b, 2)]],
      ]),
    );
    expect(positions((await history.after(a, 0)).after)).toEqual([1]);
    expect(positions((await history.after(b, 0)).after)).toEqual([2]);
    expect(await history.after(room(), 5)).toEqual({ floor: undefined, oldest: undefined, after: [] });
  });

  it('lets a history expire after its ttl without new events', async () => {
    const history = new RoomHistory(redis, { maxEvents: 2, ttlMs: 300 });
    const roomId = room();
    await history.append(new Map([[roomId, [1, 2, 3].map((p) => recorded(roomId, p))]]));
    expect(await redis.pttl(`danmaku:history:{${roomId}}:floor`)).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await history.after(roomId, 0)).toEqual({ floor: undefined, oldest: undefined, after: [] });
  });
});
