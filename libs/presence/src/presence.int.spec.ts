import { randomBytes, randomUUID } from 'node:crypto';
import { createRedis, RedisClient } from '@ovation/redis';
import { PresenceAggregator, PresenceReporter } from './index';
import { waitFor } from '@ovation/testing';

const prefix = `spec-presence-${randomBytes(4).toString('hex')}:`;
let redis: RedisClient;
let reporter: PresenceReporter;
let aggregator: PresenceAggregator;

const counts = (entries: Array<[string, number, number?]>) => new Map(entries.map(([roomId, connections, unique]) => [roomId, { connections, uniqueUsers: unique ?? connections }]));

beforeAll(() => {
  redis = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: prefix });
  reporter = new PresenceReporter(redis);
  aggregator = new PresenceAggregator(redis);
});

afterEach(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys.map((key) => key.slice(prefix.length)));
});

afterAll(() => redis.quit());

describe('presence against the real Redis', () => {
  it('sums each room over the nodes that report it', async () => {
    await reporter.report('push-1', counts([['room-a', 10, 8], ['room-b', 3]]));
    await reporter.report('push-2', counts([['room-a', 5, 5]]));

    const totals = await aggregator.totals();

    expect(totals.nodes).toBe(2);
    expect(totals.rooms).toEqual(counts([['room-a', 15, 13], ['room-b', 3]]));
  });

  it('replaces a node’s previous report instead of adding to it', async () => {
    await reporter.report('push-1', counts([['room-a', 10], ['room-b', 3]]));
    await reporter.report('push-1', counts([['room-a', 4]]));

    expect((await aggregator.totals()).rooms).toEqual(counts([['room-a', 4]]));
  });

  it('forgets a node that stopped reporting within its 10 s TTL, while the others keep counting', async () => {
    await reporter.report('push-dies', counts([['room-a', 7]]));
    const stoppedAt = Date.now();
    const alive = setInterval(() => void reporter.report('push-lives', counts([['room-a', 2]])), 2_000);
    await reporter.report('push-lives', counts([['room-a', 2]]));
    try {
      expect((await aggregator.totals()).rooms.get('room-a')?.connections).toBe(9);

      const totals = await waitFor(async () => {
        const current = await aggregator.totals();
        return current.rooms.get('room-a')?.connections === 2 ? current : undefined;
      }, 12_000, 'the dead node’s counts to vanish');

      expect(Date.now() - stoppedAt).toBeLessThanOrEqual(10_500);
      expect(totals.nodes).toBe(1);
      expect(await redis.smembers('presence:{presence}:nodes')).toEqual(['push-lives']);
    } finally {
      clearInterval(alive);
    }
  }, 20_000);

  it('withdraws a node that shuts down at once', async () => {
    await reporter.report('push-1', counts([['room-a', 7]]));
    await reporter.withdraw('push-1');

    expect(await aggregator.totals()).toEqual({ rooms: new Map(), nodes: 0 });
  });

  it('orders live rooms by online count, then id, pages through them with a cursor position, and filters by category', async () => {
    const rooms = Array.from({ length: 7 }, () => randomUUID()).sort();
    const viewers = [5, 9, 0, 9, 1, 5, 5];
    for (const [index, roomId] of rooms.entries()) await aggregator.upsertLiveRoom(roomId, index % 2 ? 'music' : 'games');
    await reporter.report('push-1', new Map(rooms.map((roomId, index) => [roomId, { connections: viewers[index], uniqueUsers: viewers[index] }])));
    await reporter.report('push-2', counts([[rooms[4], 10]]));
    await reporter.report('push-3', counts([['not-live-room', 100]]));

    const { live } = await aggregator.refreshLiveRooms();

    expect(live.size).toBe(7);
    expect(live.get(rooms[4])).toEqual({ connections: 11, uniqueUsers: 11 });
    const expected = rooms
      .map((roomId, index) => ({ roomId, connections: index === 4 ? 11 : viewers[index] }))
      .sort((a, b) => b.connections - a.connections || (a.roomId < b.roomId ? -1 : 1));
    const pages = [];
    let after;
    do {
      const page = await aggregator.liveRoomsPage({ after, limit: 3 });
      pages.push(...page);
      after = page.length === 3 ? page[2] : undefined;
    } while (after);
    expect(pages).toEqual(expected);
    expect(await aggregator.liveRoomsPage({ category: 'music', limit: 10 })).toEqual(expected.filter((entry) => rooms.indexOf(entry.roomId) % 2 === 1));
    expect(await aggregator.onlineCounts([rooms[4], 'not-live-room'])).toEqual(new Map([[rooms[4], 11], ['not-live-room', 0]]));
  });

  it('continues after a cursor whose room has left the list, without skipping its peers', async () => {
    const [a, b, c] = ['room-1', 'room-2', 'room-3'];
    for (const roomId of [a, b, c]) await aggregator.upsertLiveRoom(roomId, 'games');
    await aggregator.removeLiveRoom(b);

    expect(await aggregator.liveRoomsPage({ after: { connections: 0, roomId: b }, limit: 5 })).toEqual([{ roomId: c, connections: 0 }]);
  });

  it('moves a room between categories and removes it for good when it ends, even from a refresh racing it', async () => {
    await aggregator.upsertLiveRoom('room-1', 'games');
    await aggregator.upsertLiveRoom('room-1', 'music');
    expect(await aggregator.liveRoomsPage({ category: 'games', limit: 5 })).toEqual([]);
    expect(await aggregator.liveRoomsPage({ category: 'music', limit: 5 })).toEqual([{ roomId: 'room-1', connections: 0 }]);

    await aggregator.removeLiveRoom('room-1');
    await reporter.report('push-1', counts([['room-1', 3]]));
    await aggregator.refreshLiveRooms();

    expect(await aggregator.liveRoomsPage({ limit: 5 })).toEqual([]);
    expect(await aggregator.liveRoomsPage({ category: 'music', limit: 5 })).toEqual([]);
    expect(await aggregator.liveRooms()).toEqual(new Map());
  });
});

describe('the publisher lease', () => {
  it('lets one instance publish at a time, renews it for its holder, and passes it on once it lapses', async () => {
    expect(await aggregator.claimPublisher('room-1', 300)).toBe(true);
    expect(await aggregator.claimPublisher('room-2', 300)).toBe(false);
    expect(await aggregator.claimPublisher('room-1', 300)).toBe(true);

    await waitFor(async () => ((await aggregator.claimPublisher('room-2', 60_000)) ? true : undefined), 3_000, 'the lease to lapse');
    expect(await aggregator.claimPublisher('room-1', 300)).toBe(false);
  });
});
