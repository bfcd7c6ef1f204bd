import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTokenVerifier } from '@ovation/auth';
import { roomV1 } from '@ovation/contracts';
import type { Rate, SocketLimits } from '@ovation/danmaku-domain';
import { ChatSend, DanmakuWriter, PushMetrics, RecordedEvent, RoomClient, RoomFanout, RoomHistory, SpeakerStandings, Subscriber } from '@ovation/danmaku-server';
import { createRedis, RedisClient } from '@ovation/redis';
import { testSecrets, waitFor } from '@ovation/testing';
import pino from 'pino';
import { Registry } from 'prom-client';
import { WebSocket } from 'ws';
import { PushClient } from '../../test/push-client';
import { joinToken } from '../../test/push-fixtures';
import { PushSocketServer } from './push-socket-server';

/*
 * One real push socket server in this process (real sockets on loopback, the real fan-out over
 * the real Redis history); the write path and the like publisher are recorded, not run (the
 * fleet suite runs them): what is under test is what a socket may ask of its node.
 */

jest.setTimeout(60_000);

const prefix = `spec-push-socket-${randomBytes(4).toString('hex')}:`;
let redis: RedisClient;
const stops: Array<() => Promise<void>> = [];
const clients: PushClient[] = [];

beforeAll(() => {
  redis = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: prefix });
});

afterEach(async () => {
  clients.splice(0).forEach((client) => client.socket.terminate());
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys.map((key) => key.slice(prefix.length)));
  await redis.quit();
});

const plenty: Rate = { burst: 1000, perSecond: 1000 };
const defaults: SocketLimits = {
  frames: { chat: plenty, like: plenty, ping: plenty, resume: plenty },
  replayEvents: { burst: 1_000_000, perSecond: 1000 },
  replayBytes: { burst: 1 << 30, perSecond: 1 << 20 },
  refusals: plenty,
};

/** The fan-out, with the sockets that joined it in reach (their unsent backlog is the node's memory for them). */
class WatchedFanout extends RoomFanout {
  readonly joined: Subscriber[] = [];

  override join(roomId: string, subscriber: Subscriber, lastPosition: number) {
    this.joined.push(subscriber);
    return super.join(roomId, subscriber, lastPosition);
  }
}

interface NodeOptions {
  frames?: Partial<SocketLimits['frames']>;
  limits?: Partial<Omit<SocketLimits, 'frames'>>;
  hardLimitBytes?: number;
  maxConnections?: number;
  handshakesPerSecond?: number;
}

const notBanned: roomV1.CheckSpeakerResponse = { banned: false, muted: false, muteUntil: '0', role: roomV1.RoomRole.ROOM_ROLE_VIEWER };

async function startNode(options: NodeOptions = {}) {
  const registry = new Registry();
  const metrics = new PushMetrics(registry);
  const logger = pino({ level: 'silent' });
  const history = new RoomHistory(redis, { maxEvents: 20_000, ttlMs: 60_000 });
  const fanout = new WatchedFanout(
    history,
    { windowMs: 20, maxWindowMs: 20, framesPerSecond: 1_000_000, maxBatchEvents: 500, chatPerSecond: 1000, deliveriesPerSecond: 1e9, softLimitBytes: 1 << 20, joinTailMs: 60_000, joinTailMaxEvents: 50 },
    metrics,
    logger,
  );
  fanout.start();
  const sent: ChatSend[] = [];
  const writer = { send: (chat: ChatSend) => (sent.push(chat), Promise.resolve({ accepted: true, messageId: `m-${chat.clientMsgId}`, position: 1 })) };
  const likes: Array<{ userId: string; count: number }> = [];
  const room = { checkSpeaker: () => Promise.resolve(notBanned), getRoom: () => Promise.reject(new Error('not used')) } as unknown as RoomClient;
  const server = new PushSocketServer(
    {
      nodeId: 'push-spec',
      heartbeatIntervalMs: 30_000,
      limits: { ...defaults, ...options.limits, frames: { ...defaults.frames, ...options.frames } },
      hardLimitBytes: options.hardLimitBytes ?? 1 << 20,
      verifier: createTokenVerifier({ hs256Secret: testSecrets.JOIN_TOKEN_SECRET, issuer: 'ovation', audience: 'ovation-push' }),
      fanout,
      writer: writer as unknown as DanmakuWriter,
      likes: { add: (_roomId, userId, count) => likes.push({ userId, count }) },
      standings: new SpeakerStandings(room, 60_000),
      metrics,
      logger,
    },
    { port: 0, host: '127.0.0.1', maxConnections: options.maxConnections ?? 1000, handshakesPerSecond: options.handshakesPerSecond ?? 10_000 },
  );
  const port = await server.listen();
  stops.push(async () => {
    fanout.stop();
    await server.close();
  });
  const url = `ws://127.0.0.1:${port}/ws`;
  const counter = async (name: string, labels: Record<string, string> = {}) =>
    ((await registry.getSingleMetric(name)?.get())?.values ?? [])
      .filter((value) => Object.entries(labels).every(([label, wanted]) => value.labels[label] === wanted))
      .reduce((sum, value) => sum + value.value, 0);
  return { url, server, fanout, history, sent, likes, counter };
}

const room = () => `room-${randomBytes(4).toString('hex')}`;

async function viewer(url: string, roomId: string, userId: string, query: Record<string, string> = {}): Promise<PushClient> {
  const client = new PushClient(url, { pingEveryMs: 0, query: { token: await joinToken(roomId, userId), ...query } });
  clients.push(client);
  await client.next('welcome');
  return client;
}

/** An upgrade the node refused: its HTTP answer. */
function refusedUpgrade(url: string, protocols: string[] = []): Promise<{ status: number; retryAfter: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols);
    socket.on('open', () => reject(new Error('the upgrade was accepted')));
    socket.on('error', () => undefined);
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] as string | undefined, body }));
    });
  });
}

/** Fills a room's history with `count` system notices of `textBytes` each (positions 1..count). */
async function fillHistory(history: RoomHistory, roomId: string, count: number, textBytes: number): Promise<void> {
  const text = 'x'.repeat(textBytes);
  const events: RecordedEvent[] = Array.from({ length: count }, (_, i) => {
    const event: roomV1.RoomEvent = { roomId, atMs: String(Date.now()), system: { level: roomV1.NoticeLevel.NOTICE_LEVEL_INFO, text } };
    return { position: i + 1, event, bytes: roomV1.RoomEvent.encode(event).finish() };
  });
  for (let start = 0; start < count; start += 500) await history.append(new Map([[roomId, events.slice(start, start + 500)]]));
}

/** The node's unsent bytes for one socket, at its highest, sampled until `stop` resolves. */
async function peakBuffered(subscriber: Subscriber, stop: Promise<unknown>): Promise<number> {
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, subscriber.bufferedBytes())), 1);
  await stop.finally(() => clearInterval(sample));
  return Math.max(peak, subscriber.bufferedBytes());
}

const REPLAY_FRAME_EVENTS = 500;

describe('what one socket may ask of its node', () => {
  it('answers pings within their budget (WebSocket pings too), refuses the rest with error rate_limited, and closes a socket that keeps on (4029)', async () => {
    const node = await startNode({ frames: { ping: { burst: 3, perSecond: 0.5 } }, limits: { refusals: { burst: 5, perSecond: 0.01 } } });
    const client = await viewer(node.url, room(), 'pinger');
    let wsPongs = 0;
    client.socket.on('pong', () => wsPongs++);
    client.socket.ping();
    for (let i = 0; i < 2; i++) client.send({ type: 'ping', clientTimeMs: i });
    await client.next('pong', (frame) => frame.clientTimeMs === 1);
    for (let i = 0; i < 20; i++) client.send({ type: 'ping', clientTimeMs: 100 + i });

    expect(await client.closed).toEqual({ code: 4029, reason: 'rate_limited' });
    expect(wsPongs + client.of('pong').length).toBe(3);
    const errors = client.of('error');
    expect(errors.slice(0, -1)).toHaveLength(5);
    for (const refused of errors.slice(0, -1)) expect(refused).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });
    expect(errors.at(-1)).toMatchObject({ code: 'rate_limited' });
    expect(await node.counter('ovation_push_refusals_total', { type: 'ping', reason: 'rate_limited' })).toBe(6);
    expect(await node.counter('ovation_push_rate_limited_disconnects_total', { type: 'ping' })).toBe(1);
  });

  it('passes on only the like frames within the budget', async () => {
    const node = await startNode({ frames: { like: { burst: 5, perSecond: 0.01 } } });
    const client = await viewer(node.url, room(), 'tapper');
    for (let i = 0; i < 30; i++) client.send({ type: 'like', count: 100 });
    await waitFor(() => (client.of('error').length === 25 ? true : undefined), 5_000, '25 refusals');

    expect(node.likes).toEqual(Array.from({ length: 5 }, () => ({ userId: 'tapper', count: 100 })));
    expect(client.of('error').every((error) => error.code === 'rate_limited' && Number(error.retryAfterMs) > 0)).toBe(true);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('nacks chat past the budget as rate_limited without running the write path', async () => {
    const node = await startNode({ frames: { chat: { burst: 4, perSecond: 0.01 } } });
    const client = await viewer(node.url, room(), 'chatty');
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => client.chat(`c-${i}`, 'hello')));

    expect(answers.filter((answer) => answer.type === 'ack')).toHaveLength(4);
    expect(answers.filter((answer) => answer.type === 'nack')).toEqual(Array.from({ length: 8 }, () => expect.objectContaining({ reason: 'rate_limited', retryAfterMs: expect.any(Number) })));
    expect(node.sent).toHaveLength(4);
  });

  it('bounds a resume flood from a client that never reads, in bytes sent and in what the node buffers for it, and cuts it loose', async () => {
    const hardLimitBytes = 128 * 1024;
    const node = await startNode({ hardLimitBytes, frames: { resume: { burst: 3, perSecond: 0.1 } } });
    const roomId = room();
    // 12,000 events of about 1 KB: a full resume is about 13 MB in frames of 500 events (about 550 KB),
    // more than the kernel's socket buffers on loopback take from a client that does not read.
    await fillHistory(node.history, roomId, 12_000, 1000);
    const client = await viewer(node.url, roomId, 'flooder');
    await client.next('events', (frame) => frame.replay === true);
    let received = 0;
    client.socket.on('message', (data: Buffer) => (received += data.length));
    const [socket] = node.fanout.joined;
    client.socket.pause();

    for (let i = 0; i < 30; i++) client.send({ type: 'resume', lastPosition: '1' });
    const cutLoose = waitFor(() => (node.fanout.presence().has(roomId) ? undefined : true), 20_000, 'the flooding socket to be cut loose');
    const peak = await peakBuffered(socket, cutLoose);
    client.socket.resume();
    const closed = await client.closed;

    const largestFrame = REPLAY_FRAME_EVENTS * 1100;
    expect(closed.code).toBe(4008);
    expect(peak).toBeLessThanOrEqual(hardLimitBytes + largestFrame);
    // Of the 30 replays asked (30 × 13 MB) at most part of one was written: what the kernel took, and a frame.
    const replayed = await node.counter('ovation_push_replay_bytes_total');
    expect(replayed).toBeLessThan(13_000_000);
    expect(received).toBeLessThanOrEqual(replayed + 100_000);
    expect(await node.counter('ovation_push_slow_consumer_disconnects_total')).toBe(1);
    expect(await node.counter('ovation_push_refusals_total', { type: 'resume' })).toBeGreaterThanOrEqual(27);
  });

  it("stops a socket's replay at its replay budget: further resumes are refused until it refills", async () => {
    const node = await startNode({ limits: { replayEvents: { burst: 3000, perSecond: 50 } } });
    const roomId = room();
    await fillHistory(node.history, roomId, 2000, 100);
    const client = await viewer(node.url, roomId, 'rewinder');
    const replayed = () => client.of('events').filter((frame) => frame.replay === true).reduce((sum, frame) => sum + (frame.events as unknown[]).length, 0);
    await waitFor(() => (replayed() === 50 ? true : undefined), 5_000, 'the join tail');
    client.send({ type: 'resume', lastPosition: '1' });
    await waitFor(() => (replayed() === 50 + 1999 ? true : undefined), 5_000, 'the first resume');
    client.send({ type: 'resume', lastPosition: '1' });
    await waitFor(() => (replayed() === 50 + 2 * 1999 ? true : undefined), 5_000, 'the second resume: the budget still held something');
    client.send({ type: 'resume', lastPosition: '1' });

    const refused = await client.next('error');
    expect(refused).toMatchObject({ code: 'rate_limited' });
    // 3,000 − 50 − 2 × 1,999 = 1,048 events in debt at 50 a second.
    expect(Number(refused.retryAfterMs)).toBeGreaterThan(15_000);
    expect(replayed()).toBe(50 + 2 * 1999);
    expect(await node.counter('ovation_push_refusals_total', { type: 'resume', reason: 'replay_budget' })).toBe(1);
  });

  it('refuses upgrades past the connection cap with 503 and Retry-After, and takes them again once a socket left', async () => {
    const node = await startNode({ maxConnections: 2 });
    const roomId = room();
    const [first] = [await viewer(node.url, roomId, 'a'), await viewer(node.url, roomId, 'b')];
    const token = await joinToken(roomId, 'c');

    const refused = await refusedUpgrade(`${node.url}?token=${token}`);
    expect(refused).toMatchObject({ status: 503, retryAfter: '5' });
    expect(refused.body).toContain('get a new join');
    expect(await node.counter('ovation_push_refusals_total', { type: 'connection', reason: 'max_connections' })).toBe(1);

    first.close();
    await waitFor(() => (node.server.size < 2 ? true : undefined), 5_000, 'the socket to leave');
    await viewer(node.url, roomId, 'c');
  });

  it('refuses upgrades past the handshake rate with 503 and Retry-After', async () => {
    const node = await startNode({ handshakesPerSecond: 3 });
    const roomId = room();
    const tokens = await Promise.all(Array.from({ length: 6 }, (_, i) => joinToken(roomId, `storm-${i}`)));
    const outcomes = await Promise.all(
      tokens.map(
        (token) =>
          new Promise<string>((resolve) => {
            const socket = new WebSocket(`${node.url}?token=${token}`);
            socket.on('open', () => resolve('open'));
            socket.on('error', () => undefined);
            socket.on('unexpected-response', (_request, response) => resolve(`${response.statusCode} retry-after ${String(response.headers['retry-after'])}`));
            stops.push(async () => socket.terminate());
          }),
      ),
    );

    expect(outcomes.filter((outcome) => outcome === 'open')).toHaveLength(3);
    expect(outcomes.filter((outcome) => outcome !== 'open')).toEqual(['503 retry-after 1', '503 retry-after 1', '503 retry-after 1']);
    expect(await node.counter('ovation_push_refusals_total', { type: 'connection', reason: 'handshake_rate' })).toBe(3);
  });
});

describe('a bad field costs the frame, not the connection (docs/protocol.md)', () => {
  // The documented answers (docs/answers.json, which the protocol's tables are generated from).
  const answers: { closeCodes: Array<{ code: number; error: string | null }>; upgradeRefusals: Array<{ status: number; code: string; field: string | null }> } = JSON.parse(
    readFileSync(join(__dirname, '../../../../docs/answers.json'), 'utf8'),
  );
  const closeOf = (error: string) => ({ code: answers.closeCodes.find((c) => c.error === error)!.code, reason: error });
  const refusalOf = (field: string | null, status = 400) => answers.upgradeRefusals.find((r) => r.field === field && r.status === status)!;

  it('nacks a chat without a string clientMsgId as invalid, answers a bad like or an unknown frame type with error bad_frame, and stays open', async () => {
    const node = await startNode();
    const client = await viewer(node.url, room(), 'careless');
    client.send({ type: 'chat', text: 'no id' });
    expect(await client.next('nack')).toMatchObject({ clientMsgId: '', reason: 'invalid' });
    client.send({ type: 'chat', clientMsgId: 7, text: 'numeric id' });
    expect(await client.next('nack', (frame) => frame.clientMsgId === '7')).toMatchObject({ reason: 'invalid' });
    client.send({ type: 'like', count: 1000 });
    expect(await client.next('error')).toMatchObject({ code: 'bad_frame', message: 'like count must be an integer from 1 to 100' });
    client.send({ type: 'dance' });
    await waitFor(() => (client.of('error').length === 2 ? true : undefined), 5_000, 'the second error');
    expect(client.of('error')[1]).toMatchObject({ code: 'bad_frame', message: 'unknown frame type "dance"' });

    expect(await client.chat('fine', 'still here')).toMatchObject({ type: 'ack' });
    expect(node.sent.map((chat) => chat.clientMsgId)).toEqual(['fine']);
    expect(node.likes).toEqual([]);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    expect(await node.counter('ovation_push_refusals_total', { type: 'frame', reason: 'bad_content' })).toBe(2);
  });

  it('closes a socket that keeps sending frames with bad content (4029), and one that sends what does not decode (4002)', async () => {
    const node = await startNode({ limits: { refusals: { burst: 3, perSecond: 0.01 } } });
    const flooder = await viewer(node.url, room(), 'flooder');
    for (let i = 0; i < 10; i++) flooder.send({ type: 'like', count: -1 });
    expect(await flooder.closed).toEqual(closeOf('rate_limited'));

    const garbler = await viewer(node.url, room(), 'garbler');
    garbler.socket.send('not json');
    expect(await garbler.closed).toEqual(closeOf('bad_frame'));

    const oversized = await viewer(node.url, room(), 'oversized');
    oversized.socket.send('x'.repeat(16 * 1024 + 1));
    expect((await oversized.closed).code).toBe(1009);
  });

  it('refuses an upgrade it cannot serve with 400 and the one error body naming the field', async () => {
    const node = await startNode();
    const token = await joinToken(room(), 'early');
    const badPosition = await refusedUpgrade(`${node.url}?token=${token}&lastPosition=-3`);
    expect(badPosition.status).toBe(refusalOf('lastPosition').status);
    expect(JSON.parse(badPosition.body)).toEqual({ error: { code: refusalOf('lastPosition').code, message: 'lastPosition must be a non-negative integer', field: 'lastPosition' } });

    const foreign = await refusedUpgrade(`${node.url}?token=${token}`, ['mqtt']);
    expect(foreign.status).toBe(refusalOf('Sec-WebSocket-Protocol').status);
    expect(JSON.parse(foreign.body)).toMatchObject({ error: { code: refusalOf('Sec-WebSocket-Protocol').code, field: 'Sec-WebSocket-Protocol' } });
    const badEncoding = await refusedUpgrade(`${node.url}?token=${token}&encoding=xml`);
    expect(JSON.parse(badEncoding.body)).toMatchObject({ error: { code: refusalOf('encoding').code, field: 'encoding' } });
    const elsewhere = await refusedUpgrade(node.url.replace('/ws', '/nope'));
    expect({ status: elsewhere.status, code: JSON.parse(elsewhere.body).error.code }).toEqual({ status: 404, code: refusalOf(null, 404).code });

    const plain = await fetch(node.url.replace('ws:', 'http:'));
    expect(plain.status).toBe(426);
    expect(await plain.json()).toMatchObject({ error: { code: refusalOf(null, 426).code } });
  });
});
