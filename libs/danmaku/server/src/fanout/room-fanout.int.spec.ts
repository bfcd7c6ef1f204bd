import { randomBytes } from 'node:crypto';
import { roomV1 } from '@ovation/contracts';
import { decodeBinaryServerFrame, Encoding, ServerMessage } from '@ovation/danmaku-domain';
import { createRedis, RedisClient } from '@ovation/redis';
import pino from 'pino';
import { Registry } from 'prom-client';
import { RecordedEvent, RoomHistory } from '../history/room-history';
import { PushMetrics } from '../metrics/push-metrics';
import { FanoutOptions, RoomFanout } from './room-fanout';
import type { Subscriber } from './subscriber';

const prefix = `spec-fanout-${randomBytes(4).toString('hex')}:`;
let redis: RedisClient;
const fanouts: RoomFanout[] = [];

beforeAll(() => {
  redis = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: prefix });
});

afterEach(() => fanouts.splice(0).forEach((fanout) => fanout.stop()));

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys.map((key) => key.slice(prefix.length)));
  await redis.quit();
});

/** A socket stand-in that records what it was sent. */
class FakeSubscriber implements Subscriber {
  readonly frames: Buffer[] = [];
  /** Frames written as this socket's own (not shared with other sockets). */
  readonly own = new Set<Buffer>();
  buffered = 0;
  closedBanned = false;
  constructor(
    readonly encoding: Encoding = 'json',
    readonly userId = 'u',
  ) {}
  bufferedBytes(): number {
    return this.buffered;
  }
  write(frame: Buffer): boolean {
    this.frames.push(frame);
    return true;
  }
  writeOwn(frame: Buffer): boolean {
    this.own.add(frame);
    this.frames.push(frame);
    return true;
  }
  closeBanned(): void {
    this.closedBanned = true;
  }
  get messages(): ServerMessage[] {
    return this.frames.map((frame) => (this.encoding === 'binary' ? decodeBinaryServerFrame(frame) : (JSON.parse(frame.toString()) as ServerMessage)));
  }
  /** Positions of every event received, in order. */
  get positions(): number[] {
    return this.messages.flatMap((m) => (m.type === 'events' ? m.events.map((e) => Number(e.position)) : []));
  }
}

const defaults: FanoutOptions = {
  windowMs: 20,
  maxWindowMs: 20,
  framesPerSecond: 1_000_000,
  maxBatchEvents: 500,
  chatPerSecond: 1000,
  deliveriesPerSecond: 1_000_000_000,
  softLimitBytes: 1000,
  joinTailMs: 60_000,
  joinTailMaxEvents: 50,
};

function fanout(options: Partial<FanoutOptions> = {}, history = new RoomHistory(redis, historyOptions), now?: () => number): RoomFanout {
  const created = new RoomFanout(history, { ...defaults, ...options }, new PushMetrics(new Registry()), pino({ level: 'silent' }), now);
  created.start();
  fanouts.push(created);
  return created;
}

const room = () => `room-${randomBytes(4).toString('hex')}`;
const historyOptions = { maxEvents: 100, ttlMs: 60_000 };
const positionsInHistory = async (roomId: string) => (await new RoomHistory(redis, historyOptions).latest(roomId, 100)).map((e) => e.position);

function event(roomId: string, position: number, payload: Partial<roomV1.RoomEvent>): RecordedEvent {
  const full: roomV1.RoomEvent = { roomId, atMs: String(Date.now()), ...payload };
  return { position, event: full, bytes: roomV1.RoomEvent.encode(full).finish() };
}
const chat = (roomId: string, position: number) =>
  event(roomId, position, { chat: { messageId: `m${position}`, clientMsgId: `c${position}`, userId: 'u', displayName: 'U', text: `hi ${position}`, role: roomV1.RoomRole.ROOM_ROLE_VIEWER } });
const gift = (roomId: string, position: number) =>
  event(roomId, position, { gift: { orderId: `o${position}`, senderId: 's', senderName: 'S', giftId: 'g', giftName: 'G', count: 1, combo: 1, totalValue: '100', tier: 0 as never } });

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('RoomFanout (real Redis history)', () => {
  it('serializes a window once per encoding and writes the same bytes to every socket', async () => {
    const hub = fanout();
    const roomId = room();
    const json = [new FakeSubscriber(), new FakeSubscriber(), new FakeSubscriber()];
    const binary = [new FakeSubscriber('binary'), new FakeSubscriber('binary')];
    for (const subscriber of [...json, ...binary]) await hub.join(roomId, subscriber, 0);
    [1, 2, 3].forEach((p) => hub.accept(roomId, chat(roomId, p)));
    await until(() => json.every((s) => s.frames.length === 1) && binary.every((s) => s.frames.length === 1), 'one batch each');
    expect(json[1].frames[0]).toBe(json[0].frames[0]);
    expect(json[2].frames[0]).toBe(json[0].frames[0]);
    expect(binary[1].frames[0]).toBe(binary[0].frames[0]);
    expect(json[0].own.has(json[0].frames[0])).toBe(false);
    expect(json[0].positions).toEqual([1, 2, 3]);
    expect(binary[0].positions).toEqual([1, 2, 3]);
  });

  it('flushes at once when a window reaches the maximum batch size', async () => {
    const hub = fanout({ windowMs: 60_000, maxBatchEvents: 2 });
    const roomId = room();
    const subscriber = new FakeSubscriber();
    await hub.join(roomId, subscriber, 0);
    hub.accept(roomId, chat(roomId, 1));
    expect(subscriber.frames).toHaveLength(0);
    hub.accept(roomId, chat(roomId, 2));
    expect(subscriber.positions).toEqual([1, 2]);
  });

  it('ignores a redelivered event', async () => {
    const hub = fanout();
    const roomId = room();
    const subscriber = new FakeSubscriber();
    await hub.join(roomId, subscriber, 0);
    [1, 2, 2, 1, 3].forEach((p) => hub.accept(roomId, chat(roomId, p)));
    await until(() => subscriber.positions.length >= 3, 'the batch');
    expect(subscriber.positions).toEqual([1, 2, 3]);
  });

  it('under overload samples chat down to the room budget but delivers every gift', async () => {
    const hub = fanout({ chatPerSecond: 5, windowMs: 60_000, maxBatchEvents: 1000 });
    const roomId = room();
    const subscriber = new FakeSubscriber();
    await hub.join(roomId, subscriber, 0);
    let position = 0;
    const gifts: number[] = [];
    for (let i = 0; i < 100; i++) {
      hub.accept(roomId, chat(roomId, ++position));
      if (i % 10 === 0) {
        hub.accept(roomId, gift(roomId, ++position));
        gifts.push(position);
      }
    }
    hub.stop();
    const [batch] = subscriber.messages;
    expect(batch).toMatchObject({ type: 'events', replay: false, droppedChat: 95 });
    const delivered = batch.type === 'events' ? batch.events : [];
    expect(delivered.filter((e) => (e as unknown as { type: string }).type === 'gift').map((e) => Number(e.position))).toEqual(gifts);
    expect(delivered.filter((e) => (e as unknown as { type: string }).type === 'chat')).toHaveLength(5);
  });

  it('samples the chat of a room with many sockets down to its delivery budget', async () => {
    // Two sockets and 10 deliveries a second: 5 chat a second for this room.
    const hub = fanout({ deliveriesPerSecond: 10, windowMs: 60_000, maxBatchEvents: 21 });
    const roomId = room();
    const viewers = [new FakeSubscriber(), new FakeSubscriber()];
    for (const viewer of viewers) await hub.join(roomId, viewer, 0);
    for (let position = 1; position <= 20; position++) hub.accept(roomId, chat(roomId, position));
    hub.accept(roomId, gift(roomId, 21));
    for (const viewer of viewers) {
      const [batch] = viewer.messages;
      expect(batch).toMatchObject({ type: 'events', droppedChat: 15 });
      const types = batch.type === 'events' ? batch.events.map((e) => (e as unknown as { type: string }).type) : [];
      expect(types.filter((type) => type === 'chat')).toHaveLength(5);
      expect(types).toContain('gift');
    }
  });

  /** Two sockets at 10 frames a second (a 200 ms window, ticks every 20 ms) on a clock the test moves, the first batch delivered. */
  async function pacedRoom() {
    const clock = { now: 1_000_000 };
    const hub = fanout({ windowMs: 20, maxWindowMs: 500, framesPerSecond: 10 }, undefined, () => clock.now);
    const roomId = room();
    const viewers = [new FakeSubscriber(), new FakeSubscriber()];
    for (const viewer of viewers) await hub.join(roomId, viewer, 0);
    hub.accept(roomId, chat(roomId, 1));
    await until(() => viewers.every((viewer) => viewer.frames.length === 1), 'the first batch (the room had been quiet)');
    return { clock, hub, roomId, viewers };
  }

  it('gathers a room with many sockets over a longer window: fewer, fuller frames', async () => {
    const { clock, hub, roomId, viewers } = await pacedRoom();
    hub.accept(roomId, chat(roomId, 2));
    clock.now += 100;
    hub.accept(roomId, chat(roomId, 3));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(viewers.map((viewer) => viewer.frames.length)).toEqual([1, 1]);
    clock.now += 100;
    await until(() => viewers.every((viewer) => viewer.frames.length === 2), 'the window to close');
    for (const viewer of viewers) {
      expect(viewer.positions).toEqual([1, 2, 3]);
      expect(viewer.messages[1]).toMatchObject({ type: 'events', replay: false });
    }
  });

  it('writes a big room a slice of sockets at a time, every batch in order to every socket', async () => {
    const hub = fanout({ windowMs: 60_000, maxBatchEvents: 1 });
    const roomId = room();
    const viewers = Array.from({ length: 1200 }, () => new FakeSubscriber());
    for (const viewer of viewers) await hub.join(roomId, viewer, 0);
    hub.accept(roomId, chat(roomId, 1));
    hub.accept(roomId, chat(roomId, 2));
    const reachedAtOnce = viewers.filter((viewer) => viewer.frames.length > 0).length;
    expect(reachedAtOnce).toBeGreaterThan(0);
    expect(reachedAtOnce).toBeLessThan(viewers.length);
    await until(() => viewers.every((viewer) => viewer.frames.length === 2), 'both batches everywhere');
    for (const viewer of viewers) expect(viewer.positions).toEqual([1, 2]);
  });

  it('gives the sockets a sweep has not reached yet what arrived during it, in the same frame', async () => {
    const hub = fanout();
    const roomId = room();
    const viewers = Array.from({ length: 1200 }, () => new FakeSubscriber());
    for (const viewer of viewers) await hub.join(roomId, viewer, 0);
    // The third event is read while the sweep writes its first slice of sockets.
    const write = viewers[0].write.bind(viewers[0]);
    viewers[0].write = (frame) => {
      write(frame);
      if (viewers[0].frames.length === 1) hub.accept(roomId, gift(roomId, 3));
      return true;
    };
    hub.accept(roomId, chat(roomId, 1));
    hub.accept(roomId, chat(roomId, 2));
    await until(() => viewers.every((viewer) => viewer.positions.length === 3), 'every event everywhere');
    const [first, late] = [viewers[0], viewers[1199]];
    expect(first.messages.map((m) => (m.type === 'events' ? m.events.map((e) => Number(e.position)) : []))).toEqual([[1, 2], [3]]);
    expect(late.frames).toHaveLength(1);
    expect(viewers[700].frames[0]).toBe(late.frames[0]);
    for (const viewer of viewers) expect(viewer.positions).toEqual([1, 2, 3]);
  });

  it('flushes what is pending when stopped, even inside a window', async () => {
    const hub = fanout({ windowMs: 1000 });
    const roomId = room();
    const viewer = new FakeSubscriber();
    await hub.join(roomId, viewer, 0);
    hub.accept(roomId, chat(roomId, 1));
    await until(() => viewer.frames.length === 1, 'the first batch');
    hub.accept(roomId, chat(roomId, 2));
    hub.stop();
    expect(viewer.positions).toEqual([1, 2]);
  });

  it('after stop, sends and stores what still arrives at once (no window timer runs)', async () => {
    const hub = fanout({ windowMs: 60_000 });
    const roomId = room();
    const viewer = new FakeSubscriber();
    await hub.join(roomId, viewer, 0);
    hub.stop();
    await hub.accept(roomId, chat(roomId, 1));
    expect(viewer.positions).toEqual([1]);
    expect(await positionsInHistory(roomId)).toEqual([1]);
  });

  describe('settles an accepted event once it is in the shared history', () => {
    const settledYet = (promise: Promise<void>) => Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 50))]);

    it('not before its window was appended', async () => {
      let openGate!: () => void;
      const gate = new Promise<void>((resolve) => (openGate = resolve));
      class GatedHistory extends RoomHistory {
        override async append(byRoom: Parameters<RoomHistory['append']>[0]) {
          await gate;
          return super.append(byRoom);
        }
      }
      const hub = fanout({}, new GatedHistory(redis, historyOptions));
      const roomId = room();
      const accepted = [1, 2].map((p) => hub.accept(roomId, chat(roomId, p)));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await settledYet(accepted[1])).toBe(false);
      openGate();
      await Promise.all(accepted);
      expect(await positionsInHistory(roomId)).toEqual([1, 2]);
      // A redelivery of what the node already took in has nothing left to wait for.
      expect(await settledYet(hub.accept(roomId, chat(roomId, 2)))).toBe(true);
    });

    it('after trying a failed append again', async () => {
      let failures = 1;
      class FlakyHistory extends RoomHistory {
        override async append(byRoom: Parameters<RoomHistory['append']>[0]) {
          if (failures-- > 0) throw new Error('READONLY You can\'t write against a read only replica.');
          return super.append(byRoom);
        }
      }
      const hub = fanout({}, new FlakyHistory(redis, historyOptions));
      const roomId = room();
      await hub.accept(roomId, chat(roomId, 1));
      expect(failures).toBe(-1);
      expect(await positionsInHistory(roomId)).toEqual([1]);
    });

    it('never, when the history stays unavailable: the event is to be read again, not committed', async () => {
      class BrokenHistory extends RoomHistory {
        override async append(): Promise<void> {
          throw new Error('connection is closed');
        }
      }
      const hub = fanout({}, new BrokenHistory(redis, historyOptions));
      const roomId = room();
      const viewer = new FakeSubscriber();
      await hub.join(roomId, viewer, 0);
      await expect(hub.accept(roomId, chat(roomId, 1))).rejects.toThrow('connection is closed');
      // Live viewers still got it: only what resumes and commits rely on is withheld.
      expect(viewer.positions).toEqual([1]);
    }, 20_000);
  });

  it('closes a window at once when the clock was set back', async () => {
    const { clock, hub, roomId, viewers } = await pacedRoom();
    clock.now -= 3_600_000;
    hub.accept(roomId, chat(roomId, 2));
    await until(() => viewers[0].frames.length === 2, 'the next batch');
    expect(viewers[0].positions).toEqual([1, 2]);
  });

  it('writes a batch to every other socket of the room when one socket throws', async () => {
    const hub = fanout();
    const roomId = room();
    const broken = new FakeSubscriber();
    broken.write = () => {
      throw new Error('socket in a bad state');
    };
    const fine = [new FakeSubscriber(), new FakeSubscriber()];
    for (const viewer of [fine[0], broken, fine[1]]) await hub.join(roomId, viewer, 0);
    hub.accept(roomId, chat(roomId, 1));
    await until(() => fine.every((viewer) => viewer.frames.length === 1), 'the batch');
    hub.accept(roomId, chat(roomId, 2));
    await until(() => fine.every((viewer) => viewer.positions.length === 2), 'the next batch');
  });

  it('skips chat for a socket over the soft bound', async () => {
    const hub = fanout();
    const roomId = room();
    const [fine, slow] = [new FakeSubscriber(), new FakeSubscriber()];
    for (const subscriber of [fine, slow]) await hub.join(roomId, subscriber, 0);
    slow.buffered = 2000;
    hub.accept(roomId, chat(roomId, 1));
    hub.accept(roomId, gift(roomId, 2));
    hub.accept(roomId, chat(roomId, 3));
    await until(() => fine.frames.length === 1, 'the batch');
    expect(fine.positions).toEqual([1, 2, 3]);
    expect(slow.positions).toEqual([2]);
    expect(slow.messages[0]).toMatchObject({ droppedChat: 2 });
  });

  it("closes a banned user's sockets in that room only", async () => {
    const hub = fanout();
    const [roomId, otherRoomId] = [room(), room()];
    const [banned, bannedAgain, other, bannedElsewhere, guest] = [
      new FakeSubscriber('json', 'troll'),
      new FakeSubscriber('binary', 'troll'),
      new FakeSubscriber('json', 'fan'),
      new FakeSubscriber('json', 'troll'),
      new FakeSubscriber('json', ''),
    ];
    for (const subscriber of [banned, bannedAgain, other, guest]) await hub.join(roomId, subscriber, 0);
    await hub.join(otherRoomId, bannedElsewhere, 0);
    hub.closeBanned(roomId, 'troll');
    hub.closeBanned(roomId, '');
    expect([banned, bannedAgain, other, bannedElsewhere, guest].map((s) => s.closedBanned)).toEqual([true, true, false, false, false]);
  });

  it('sends a joining socket the recent past first, then live events, nothing twice', async () => {
    const hub = fanout();
    const roomId = room();
    const early = new FakeSubscriber();
    await hub.join(roomId, early, 0);
    [1, 2, 3].forEach((p) => hub.accept(roomId, chat(roomId, p)));
    await until(() => early.positions.length === 3, 'the first events');
    hub.accept(roomId, chat(roomId, 4));
    const late = new FakeSubscriber();
    await hub.join(roomId, late, 0);
    hub.accept(roomId, gift(roomId, 5));
    await until(() => late.positions.includes(5), 'live events');
    expect(late.positions).toEqual([1, 2, 3, 4, 5]);
    expect(late.messages[0]).toMatchObject({ type: 'events', replay: true });
    // History is serialized for this socket alone; the live batch is the one every socket shares.
    expect(late.own.has(late.frames[0])).toBe(true);
    expect(late.messages.at(-1)).toMatchObject({ type: 'events', replay: false });
    expect(late.frames.at(-1)).toBe(early.frames.at(-1));
  });

  it('holds live batches back while a resume reads history, then releases only what history lacked', async () => {
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    class SlowHistory extends RoomHistory {
      override async after(roomId: string, lastPosition: number) {
        const window = await super.after(roomId, lastPosition);
        await gate;
        return window;
      }
    }
    const history = new SlowHistory(redis, historyOptions);
    const hub = fanout({}, history);
    const roomId = room();
    const watcher = new FakeSubscriber();
    await hub.join(roomId, watcher, 0);
    [1, 2, 3, 4].forEach((p) => hub.accept(roomId, chat(roomId, p)));
    await until(() => watcher.positions.length === 4, 'history written');
    const resumer = new FakeSubscriber();
    const resumed = hub.join(roomId, resumer, 2);
    [5, 6].forEach((p) => hub.accept(roomId, chat(roomId, p)));
    await until(() => watcher.positions.length === 6, 'live batch while the resume waits');
    expect(resumer.frames).toHaveLength(0);
    openGate();
    expect((await resumed).result).toBe('resumed');
    hub.accept(roomId, chat(roomId, 7));
    await until(() => resumer.positions.includes(7), 'live after the resume');
    expect(resumer.positions).toEqual([3, 4, 5, 6, 7]);
  });

  it('resumes on another node from the shared history', async () => {
    const nodeA = fanout();
    const nodeB = fanout();
    const roomId = room();
    const onA = new FakeSubscriber();
    await nodeA.join(roomId, onA, 0);
    for (let p = 1; p <= 6; p++) {
      // One event, as both nodes read the same Kafka message (two calls could differ in atMs).
      const read = chat(roomId, p * 10);
      nodeA.accept(roomId, read);
      nodeB.accept(roomId, read);
    }
    await until(() => onA.positions.length === 6, 'node A delivered');
    const movedToB = new FakeSubscriber();
    const caughtUp = await nodeB.join(roomId, movedToB, 30);
    expect(movedToB.positions).toEqual([40, 50, 60]);
    // What the socket's replay budget is charged: exactly what was written.
    expect(caughtUp).toEqual({ result: 'resumed', events: 3, bytes: movedToB.frames.reduce((sum, frame) => sum + frame.length, 0) });
    expect(movedToB.messages[0]).toMatchObject({ replay: true });
  });

  it('answers gap_too_old, then the join tail, when history no longer reaches back', async () => {
    const hub = fanout({}, new RoomHistory(redis, { maxEvents: 3, ttlMs: 60_000 }));
    const roomId = room();
    const watcher = new FakeSubscriber();
    await hub.join(roomId, watcher, 0);
    for (let p = 1; p <= 6; p++) hub.accept(roomId, chat(roomId, p));
    await until(() => watcher.positions.length === 6, 'events');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const resumer = new FakeSubscriber();
    expect((await hub.join(roomId, resumer, 2)).result).toBe('gap_too_old');
    expect(resumer.messages[0]).toMatchObject({ type: 'error', code: 'resume_gap_too_old' });
    expect(resumer.positions).toEqual([4, 5, 6]);
  });

  it('counts sockets and distinct signed-in users per room', async () => {
    const hub = fanout();
    const roomId = room();
    for (const userId of ['a', 'a', 'b', '']) await hub.join(roomId, new FakeSubscriber('json', userId), 0);
    expect(hub.presence().get(roomId)).toEqual({ connections: 4, uniqueUsers: 2 });
  });
});
