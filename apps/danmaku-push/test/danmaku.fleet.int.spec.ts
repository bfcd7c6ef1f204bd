import { commonV1, danmakuV1, giftV1, roomV1 } from '@ovation/contracts';
import { createGrpcClient, GrpcClientHandle } from '@ovation/grpc';
import { PresenceAggregator } from '@ovation/presence';
import { createRedis } from '@ovation/redis';
import { infraEnv, openTcpGate, startTestFleet, TestFleet, waitFor } from '@ovation/testing';
import { Frame, PushClient } from './push-client';
import { joinToken, liveRoom, metric, owner, pushNodeGroups, roomGrpc, RoomGrpc, TestProducer, wsUrl } from './push-fixtures';

jest.setTimeout(120_000);

const PUSH_1 = 'danmaku-push-1';
const PUSH_2 = 'danmaku-push-2';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let fleet: TestFleet;
let room: RoomGrpc;
let producer: TestProducer;
let push2Grpc: GrpcClientHandle<danmakuV1.PushServiceClient>;
const clients: PushClient[] = [];

beforeAll(async () => {
  fleet = await startTestFleet({
    portOffset: 4500,
    only: ['room', PUSH_1, PUSH_2],
    env: {
      HEARTBEAT_INTERVAL_MS: '1000',
      SENSITIVE_WORDS: '傻瓜,scam',
      ROOM_CACHE_MS: '300',
      // Longer than any test: a mute or ban can only reach the write path through room's event.
      SPEAKER_CACHE_MS: '600000',
      RATE_USER_BURST: '30',
      RATE_USER_INTERVAL_MS: '50',
      RATE_ROOM_PER_SECOND: '2000',
      // The user's limits in Redis are under test here, not one socket's budget.
      SOCKET_CHAT_BURST: '200',
      SOCKET_CHAT_INTERVAL_MS: '10',
      LIKE_USER_BURST: '40',
      LIKE_USER_INTERVAL_MS: '1000',
      SOCKET_SOFT_LIMIT_BYTES: '65536',
      SOCKET_HARD_LIMIT_BYTES: '262144',
      DRAIN_SPREAD_MS: '300',
      DRAIN_GRACE_MS: '2000',
      JOIN_TAIL_MS: '60000',
      GROUP_PRUNE_INTERVAL_MS: '1000',
    },
    // One node refuses sensitive words, the other masks them: both modes in one fleet.
    serviceEnv: { [PUSH_1]: { FILTER_MODE: 'reject' }, [PUSH_2]: { FILTER_MODE: 'mask' } },
  });
  room = roomGrpc(fleet);
  producer = new TestProducer(fleet);
  await producer.connect();
  push2Grpc = createGrpcClient<danmakuV1.PushServiceClient>({
    domain: 'danmaku',
    service: 'PushService',
    address: `127.0.0.1:${fleet.byName(PUSH_2).ports.GRPC_PORT}`,
    defaultDeadlineMs: 10_000,
  });
});

afterEach(() => clients.splice(0).forEach((client) => client.close()));

afterAll(async () => {
  push2Grpc?.close();
  room?.close();
  await producer?.disconnect();
  await fleet?.stop();
});

async function connect(node: string, roomId: string, userId: string, options: ConstructorParameters<typeof PushClient>[1] & { role?: 'guest' | 'viewer' } = {}): Promise<PushClient> {
  const token = await joinToken(roomId, userId, options.role ?? 'viewer');
  const client = new PushClient(wsUrl(fleet, node), { ...options, query: { token, ...(options.encoding ? { encoding: options.encoding } : {}), ...options.query } });
  clients.push(client);
  await client.next('welcome');
  return client;
}

describe('the danmaku WebSocket protocol on two push nodes', () => {
  let roomId: string;

  beforeAll(async () => {
    roomId = await liveRoom(room, producer);
  });

  it('welcomes a JSON client with its room, user and heartbeat, and answers pings', async () => {
    const client = await connect(PUSH_1, roomId, 'alice', { pingEveryMs: 0 });
    expect(await client.next('welcome')).toMatchObject({ roomId, userId: 'alice', nodeId: `${PUSH_1}@4500`, heartbeatIntervalMs: 1000 });
    client.send({ type: 'ping', clientTimeMs: 1234 });
    const pong = await client.next('pong');
    expect(pong.clientTimeMs).toBe(1234);
    expect(pong.serverTimeMs).toBeGreaterThan(0);
  });

  it('authenticates with a hello frame when the URL has no token', async () => {
    const client = new PushClient(wsUrl(fleet, PUSH_2));
    clients.push(client);
    await client.opened();
    client.send({ type: 'hello', token: await joinToken(roomId, 'hal') });
    expect(await client.next('welcome')).toMatchObject({ roomId, userId: 'hal' });
  });

  it('speaks protobuf when asked by query parameter or by subprotocol', async () => {
    const byQuery = await connect(PUSH_2, roomId, 'bin1', { encoding: 'binary' });
    expect(await byQuery.next('welcome')).toMatchObject({ roomId, userId: 'bin1', heartbeatIntervalMs: 1000 });
    expect(await byQuery.chat('b-1', 'binary hello')).toMatchObject({ type: 'ack', clientMsgId: 'b-1' });

    const token = await joinToken(roomId, 'bin2');
    const bySubprotocol = new PushClient(wsUrl(fleet, PUSH_1), { encoding: 'binary', subprotocols: ['ovation.danmaku.v1.proto'], query: { token } });
    clients.push(bySubprotocol);
    expect(await bySubprotocol.next('welcome')).toMatchObject({ userId: 'bin2' });
    expect(bySubprotocol.socket.protocol).toBe('ovation.danmaku.v1.proto');
    await bySubprotocol.next('events', (frame) => (frame.events as Array<{ payload: { clientMsgId?: string } }>).some((e) => e.payload.clientMsgId === 'b-1'));
  });

  it('closes with the documented codes: bad token, no hello, bad frame, silence', async () => {
    const badToken = new PushClient(wsUrl(fleet, PUSH_1), { query: { token: 'not-a-jwt' } });
    const noHello = new PushClient(wsUrl(fleet, PUSH_1), { pingEveryMs: 0 });
    const silent = await connect(PUSH_2, roomId, 'quiet', { pingEveryMs: 0 });
    const garbled = await connect(PUSH_1, roomId, 'garbled');
    clients.push(badToken, noHello);
    garbled.socket.send('{not json');

    expect(await badToken.closed).toEqual({ code: 4001, reason: 'unauthenticated' });
    expect(badToken.of('error')[0]).toMatchObject({ code: 'unauthenticated' });
    expect(await garbled.closed).toEqual({ code: 4002, reason: 'bad_frame' });
    expect(await noHello.closed).toEqual({ code: 4001, reason: 'unauthenticated' });
    const silence = Date.now();
    expect(await silent.closed).toEqual({ code: 4000, reason: 'heartbeat_timeout' });
    expect(Date.now() - silence).toBeLessThan(3500);
    expect(silent.of('error')[0]).toMatchObject({ code: 'heartbeat_timeout' });
  });

  it('shows clients on both nodes the same messages in the same order, each acked only once stored', async () => {
    const watchers = [await connect(PUSH_1, roomId, 'w1'), await connect(PUSH_1, roomId, 'w2'), await connect(PUSH_2, roomId, 'w3'), await connect(PUSH_2, roomId, 'w4')];
    const senders = [await connect(PUSH_1, roomId, 's1'), await connect(PUSH_2, roomId, 's2'), await connect(PUSH_2, roomId, 's3')];
    const acks = (
      await Promise.all(senders.map((sender, s) => Promise.all(Array.from({ length: 10 }, (_, i) => sender.chat(`order-${s}-${i}`, `message ${s}.${i}`)))))
    ).flat();
    expect(acks.every((ack) => ack.type === 'ack')).toBe(true);
    const acked = new Set(acks.map((ack) => ack.messageId as string));
    const orderOf = (client: PushClient) => client.events.filter((e) => e.type === 'chat' && acked.has(e.payload.messageId as string));
    await waitFor(() => (watchers.every((w) => orderOf(w).length === 30) ? true : undefined), 10_000, 'every watcher to see all 30 messages');
    const reference = orderOf(watchers[0]).map((e) => `${e.position}:${e.payload.messageId}`);
    for (const watcher of watchers) expect(orderOf(watcher).map((e) => `${e.position}:${e.payload.messageId}`)).toEqual(reference);
    const positions = orderOf(watchers[0]).map((e) => BigInt(e.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    const ackPositions = new Map(acks.map((ack) => [ack.messageId, ack.position]));
    for (const e of orderOf(watchers[2])) expect(ackPositions.get(e.payload.messageId)).toBe(e.position);
  });

  it('refuses what the write path refuses, with the reason', async () => {
    const client = await connect(PUSH_1, roomId, 'nacked');
    expect(await client.chat('long', 'x'.repeat(101))).toMatchObject({ type: 'nack', reason: 'too_long' });
    expect(await client.chat('blank', ' \u0000 ')).toMatchObject({ type: 'nack', reason: 'empty' });
    expect(await client.chat('has space', 'hi')).toMatchObject({ type: 'nack', reason: 'invalid' });
    client.send({ type: 'chat', clientMsgId: 'numeric', text: 42 });
    expect(await client.answer('numeric')).toMatchObject({ type: 'nack', reason: 'invalid' });
    expect(await client.chat('sensitive', '你这个傻瓜')).toMatchObject({ type: 'nack', reason: 'filtered' });
    expect(await client.chat('fine', '一百个字以内就好 ok')).toMatchObject({ type: 'ack' });

    const guest = await connect(PUSH_1, roomId, 'guest-1', { role: 'guest' });
    expect(await guest.next('welcome')).toMatchObject({ userId: '' });
    expect(await guest.chat('g1', 'hello')).toMatchObject({ type: 'nack', reason: 'unauthenticated' });

    const { room: notLive } = await room.client.createRoom({ actor: owner('owner'), title: 'Not yet', category: 'music', coverUrl: '' });
    const early = await connect(PUSH_2, notLive!.id, 'early');
    expect(await early.chat('e1', 'anyone?')).toMatchObject({ type: 'nack', reason: 'room_not_live' });
  });

  it('masks sensitive words (Chinese and Latin) on a masking node', async () => {
    const sender = await connect(PUSH_2, roomId, 'masked');
    const watcher = await connect(PUSH_1, roomId, 'sees-mask');
    const ack = await sender.chat('mask-1', '你这个傻瓜, total SCAM!');
    expect(ack.type).toBe('ack');
    await waitFor(() => watcher.events.find((e) => e.payload.messageId === ack.messageId), 10_000, 'the masked message');
    expect(watcher.events.find((e) => e.payload.messageId === ack.messageId)!.payload.text).toBe('你这个**, total ****!');
  });

  it('rate limits a user in a room', async () => {
    const flooder = await connect(PUSH_2, roomId, 'flooder');
    // Waves as large as a connection may have in flight, until the bucket (burst 30) runs dry.
    const answers: Frame[] = [];
    for (let wave = 0; wave < 20 && !answers.some((a) => a.reason === 'rate_limited'); wave++) {
      answers.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => flooder.chat(`flood-${wave}-${i}`, `flood ${wave}.${i}`)))));
    }
    const firstLimited = answers.findIndex((a) => a.reason === 'rate_limited');
    expect(firstLimited).toBeGreaterThanOrEqual(30);
    expect(answers[firstLimited].retryAfterMs).toBeGreaterThan(0);
    expect(answers.slice(0, firstLimited).every((a) => a.type === 'ack')).toBe(true);
  });

  it('acks a retried client message id once, with the same message and position', async () => {
    const client = await connect(PUSH_1, roomId, 'retrier');
    const first = await client.chat('same-id', 'once');
    client.frames.length = 0;
    const second = await client.chat('same-id', 'once');
    expect(second).toMatchObject({ type: 'ack', messageId: first.messageId, position: first.position });
  });

  it("applies room's mutes and bans on every node at once: nacks a muted user, cuts a banned one's sockets and turns them away", async () => {
    const talker = await connect(PUSH_1, roomId, 'troll');
    const watcher = await connect(PUSH_2, roomId, 'troll');
    const bystander = await connect(PUSH_2, roomId, 'fan');
    // Both nodes have now cached troll as clear, for longer than this test runs.
    expect(await talker.chat('before-mute', 'hello')).toMatchObject({ type: 'ack' });
    await room.client.mute({ actor: owner('owner'), roomId, userId: 'troll', durationMs: '60000', reason: 'spam' });
    const muted = await waitFor(async () => {
      const answer = await talker.chat(`mute-${Date.now()}`, 'still here?');
      return answer.reason === 'muted' ? answer : undefined;
    }, 10_000, 'a muted nack');
    expect(muted.retryAfterMs).toBeGreaterThan(50_000);
    await room.client.unmute({ actor: owner('owner'), roomId, userId: 'troll' });
    await waitFor(async () => ((await talker.chat(`unmute-${Date.now()}`, 'back')).type === 'ack' ? true : undefined), 10_000, 'an ack after the unmute');

    await room.client.ban({ actor: owner('owner'), roomId, userId: 'troll', reason: 'spam' });
    expect(await talker.closed).toEqual({ code: 4003, reason: 'banned' });
    expect(await watcher.closed).toEqual({ code: 4003, reason: 'banned' });
    expect(talker.of('error').at(-1)).toMatchObject({ code: 'banned' });
    expect(bystander.socket.readyState).toBe(bystander.socket.OPEN);
    expect(await metric(fleet, PUSH_2, 'ovation_push_banned_disconnects_total')).toBe(1);

    const token = await joinToken(roomId, 'troll');
    const again = new PushClient(wsUrl(fleet, PUSH_2), { query: { token } });
    clients.push(again);
    expect(await again.closed).toEqual({ code: 4003, reason: 'banned' });
  });

  it("leaves the owner rvw-owner speaking and connected when a room admin mutes and bans RVW-OWNER, another user", async () => {
    const caseRoom = await liveRoom(room, producer, 'rvw-owner');
    await room.client.appointAdmin({ actor: owner('rvw-owner'), roomId: caseRoom, userId: 'rvw-admin' });
    const streamer = await connect(PUSH_1, caseRoom, 'rvw-owner');
    const variant = await connect(PUSH_2, caseRoom, 'RVW-OWNER');

    await room.client.mute({ actor: owner('rvw-admin'), roomId: caseRoom, userId: 'RVW-OWNER', durationMs: '0', reason: 'impostor' });
    await room.client.ban({ actor: owner('rvw-admin'), roomId: caseRoom, userId: 'RVW-OWNER', reason: 'impostor' });
    // The ban reached the push nodes: its target's socket is cut, the owner's is not.
    expect(await variant.closed).toEqual({ code: 4003, reason: 'banned' });
    expect(streamer.socket.readyState).toBe(streamer.socket.OPEN);
    expect(await streamer.chat('after-ban', 'still on air')).toMatchObject({ type: 'ack' });

    // A node that never saw the owner asks room afresh: the owner is neither banned nor muted.
    const rejoined = new PushClient(wsUrl(fleet, PUSH_2), { query: { token: await joinToken(caseRoom, 'rvw-owner') } });
    clients.push(rejoined);
    const first = await Promise.race([rejoined.next('welcome').then(() => 'welcome'), rejoined.closed.then(({ code, reason }) => `closed ${code} ${reason}`)]);
    expect(first).toBe('welcome');
    expect(await rejoined.chat('rejoined', 'hello again')).toMatchObject({ type: 'ack' });
  });

  it('takes chat over gRPC SendDanmaku (the REST path) with the same rules', async () => {
    const watcher = await connect(PUSH_1, roomId, 'rest-watcher');
    const sent = await push2Grpc.client.sendDanmaku({
      roomId,
      user: { userId: 'rest-user', role: commonV1.Role.ROLE_USER },
      displayName: 'Rest User',
      clientMsgId: 'rest-1',
      text: 'via REST',
    });
    expect(sent).toMatchObject({ accepted: true });
    expect(Number(sent.position)).toBeGreaterThan(0);
    const seen = await watcher.next('events', (f) => (f.events as Array<{ payload: { messageId?: string } }>).some((e) => e.payload.messageId === sent.messageId));
    expect((seen.events as Array<{ position: string }>).some((e) => e.position === sent.position)).toBe(true);
    const refused = await push2Grpc.client.sendDanmaku({ roomId, user: { userId: 'rest-user', role: commonV1.Role.ROLE_USER }, displayName: '', clientMsgId: 'rest-2', text: 'y'.repeat(500) });
    expect(refused).toMatchObject({ accepted: false, reason: danmakuV1.NackReason.NACK_REASON_TOO_LONG });
  });

  it('sums likes into like events', async () => {
    const liker = await connect(PUSH_1, roomId, 'liker');
    const watcher = await connect(PUSH_2, roomId, 'like-watcher');
    for (let i = 0; i < 5; i++) liker.send({ type: 'like', count: 3 });
    await waitFor(() => {
      const total = watcher.events.filter((e) => e.type === 'like').reduce((sum, e) => sum + Number(e.payload.count), 0);
      return total >= 15 ? total : undefined;
    }, 10_000, 'likes to arrive');
    expect(watcher.events.filter((e) => e.type === 'like').reduce((sum, e) => sum + Number(e.payload.count), 0)).toBe(15);
  });

  it("caps a user's likes in a room across their sockets on both nodes", async () => {
    const likedRoom = await liveRoom(room, producer, 'owner-likes');
    const watcher = await connect(PUSH_1, likedRoom, 'like-counter');
    const sockets = [await connect(PUSH_1, likedRoom, 'greedy'), await connect(PUSH_2, likedRoom, 'greedy')];
    const capped = async () => (await metric(fleet, PUSH_1, 'ovation_push_likes_capped_total')) + (await metric(fleet, PUSH_2, 'ovation_push_likes_capped_total'));
    const cappedBefore = await capped();
    const started = Date.now();
    // 2 sockets × 10 frames × 100 taps: 2,000 asked, within each socket's frame budget.
    for (const socket of sockets) for (let i = 0; i < 10; i++) socket.send({ type: 'like', count: 100 });
    const counted = () => watcher.events.filter((e) => e.type === 'like').reduce((sum, e) => sum + Number(e.payload.count), 0);
    await waitFor(async () => ((await capped()) - cappedBefore + counted() === 2000 ? true : undefined), 15_000, 'every tap capped or delivered');

    // The burst (40), and one a second since.
    expect(counted()).toBeGreaterThanOrEqual(40);
    expect(counted()).toBeLessThanOrEqual(40 + Math.ceil((Date.now() - started) / 1000));
  });

  it('shows a gift effect the stream carries twice (an at-least-once relay) once, on every node', async () => {
    const watchers = [await connect(PUSH_1, roomId, 'gift-watcher-1'), await connect(PUSH_2, roomId, 'gift-watcher-2')];
    const effect: roomV1.RoomEvent = {
      roomId,
      atMs: String(Date.now()),
      gift: { orderId: `order-${Date.now()}`, senderId: 'fan', senderName: 'Fan', giftId: 'rose', giftName: 'Rose', count: 1, combo: 1, totalValue: '10', tier: giftV1.GiftTier.GIFT_TIER_BASIC },
    };
    const marker: roomV1.RoomEvent = { roomId, atMs: String(Date.now()), system: { level: roomV1.NoticeLevel.NOTICE_LEVEL_INFO, text: `after-${effect.gift!.orderId}` } };
    await producer.roomEvents([effect, effect, marker]);
    for (const watcher of watchers) {
      await waitFor(() => watcher.events.find((e) => e.type === 'system' && e.payload.text === marker.system!.text), 10_000, 'the marker after both copies');
      expect(watcher.events.filter((e) => e.type === 'gift' && e.payload.orderId === effect.gift!.orderId)).toHaveLength(1);
    }
    expect(await metric(fleet, PUSH_1, 'ovation_push_repeated_gift_effects_total')).toBeGreaterThanOrEqual(1);
  });

  it('sends a late joiner the recent past, marked as replay', async () => {
    const observer = await connect(PUSH_1, roomId, 'observer');
    const ack = await (await connect(PUSH_2, roomId, 'before')).chat('past-1', 'before you came');
    // Kafka's ack does not mean PUSH_1 has read it yet: its own socket seeing it does.
    await waitFor(() => observer.events.find((e) => e.payload.messageId === ack.messageId), 10_000, 'PUSH_1 to have the message');
    const late = await connect(PUSH_1, roomId, 'late');
    const replay = await late.next('events', (f) => f.replay === true);
    expect((replay.events as Array<{ payload: { messageId?: string } }>).some((e) => e.payload.messageId === ack.messageId)).toBe(true);
  });

  it('reports per-room sockets and distinct users of each node for the online counts', async () => {
    const counted = await liveRoom(room, producer, 'owner-counts');
    await connect(PUSH_1, counted, 'p1');
    await connect(PUSH_1, counted, 'p1');
    await connect(PUSH_2, counted, 'p2');
    await connect(PUSH_2, counted, 'watching-guest', { role: 'guest' });
    const redis = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `${fleet.namespace}:` });
    try {
      const aggregator = new PresenceAggregator(redis);
      const totals = await waitFor(async () => {
        const presence = (await aggregator.totals()).rooms.get(counted);
        return presence?.connections === 4 ? presence : undefined;
      }, 10_000, 'both nodes to report the room');
      expect(totals).toEqual({ connections: 4, uniqueUsers: 2 });
    } finally {
      await redis.quit();
    }
    expect(await metric(fleet, PUSH_1, 'ovation_push_connections')).toBeGreaterThanOrEqual(2);
  });

  it('cuts a client that stops reading with 4008', async () => {
    const reader = await connect(PUSH_2, roomId, 'slow-reader');
    const disconnectsBefore = await metric(fleet, PUSH_2, 'ovation_push_slow_consumer_disconnects_total');
    reader.socket.pause();
    const notice = 'x'.repeat(50_000);
    for (let batch = 0; batch < 6; batch++) {
      await producer.roomEvents(Array.from({ length: 20 }, () => ({ roomId, atMs: String(Date.now()), system: { level: roomV1.NoticeLevel.NOTICE_LEVEL_INFO, text: notice } })));
    }
    await waitFor(async () => ((await metric(fleet, PUSH_2, 'ovation_push_slow_consumer_disconnects_total')) > disconnectsBefore ? true : undefined), 20_000, 'a slow-consumer disconnect');
    reader.socket.resume();
    expect((await reader.closed).code).toBe(4008);
  });
});

describe('a push node dying or draining', () => {
  it('moves the viewers of a killed node to the other node under load with nothing lost or repeated', async () => {
    const roomId = await liveRoom(room, producer, 'owner-2');
    const observer = await connect(PUSH_2, roomId, 'observer');
    const movers = await Promise.all(Array.from({ length: 5 }, (_, i) => connect(PUSH_1, roomId, `mover-${i}`)));
    const senders = [await connect(PUSH_2, roomId, 'load-1'), await connect(PUSH_2, roomId, 'load-2')];

    let sending = true;
    const answers: Array<Promise<Record<string, unknown>>> = [];
    const load = senders.map(async (sender, s) => {
      for (let i = 0; sending; i++) {
        answers.push(sender.chat(`kill-${s}-${i}`, `load ${s}.${i}`));
        await sleep(40);
      }
    });
    await waitFor(() => (movers.every((mover) => mover.chatIds.length >= 10) ? true : undefined), 10_000, 'traffic on the doomed node');

    fleet.byName(PUSH_1).child.kill('SIGKILL');
    const moved = await Promise.all(
      movers.map(async (before, i) => {
        await before.closed;
        const after = await connect(PUSH_2, roomId, `mover-${i}`, { query: { lastPosition: before.lastPosition } });
        return { before, after };
      }),
    );
    await waitFor(() => (moved.every(({ after }) => after.chatIds.length >= 10) ? true : undefined), 10_000, 'traffic after the move');
    sending = false;
    await Promise.all(load);
    const acked = (await Promise.all(answers)).filter((answer) => answer.type === 'ack').map((answer) => answer.messageId as string);
    expect(acked.length).toBe(answers.length);
    const lastAcked = acked.at(-1)!;
    await waitFor(() => (observer.chatIds.includes(lastAcked) && moved.every(({ after }) => after.chatIds.includes(lastAcked)) ? true : undefined), 10_000, 'every message everywhere');

    const ours = new Set(acked);
    const reference = observer.events.filter((e) => e.type === 'chat' && ours.has(e.payload.messageId as string));
    for (const { before, after } of moved) {
      const seen = [...before.events, ...after.events].filter((e) => e.type === 'chat' && ours.has(e.payload.messageId as string));
      const firstSeen = BigInt(seen[0].position);
      const expected = reference.filter((e) => BigInt(e.position) >= firstSeen);
      expect(seen.map((e) => `${e.position}:${e.payload.messageId}`)).toEqual(expected.map((e) => `${e.position}:${e.payload.messageId}`));
      expect(after.of('error')).toEqual([]);
    }
    // The observer was there from the start: it saw every acked message exactly once.
    expect(reference.map((e) => e.payload.messageId).sort()).toEqual([...acked].sort());
  });

  it('drains: every client gets a reconnect hint spread over the window, then the rest are closed, and the node reports not ready', async () => {
    const roomId = await liveRoom(room, producer, 'owner-3');
    const viewers = await Promise.all(Array.from({ length: 4 }, (_, i) => connect(PUSH_2, roomId, `drained-${i}`)));
    const answer = await push2Grpc.client.drain({ spreadMs: 300 });
    expect(answer.connections).toBeGreaterThanOrEqual(4);
    for (const viewer of viewers) {
      const hint = await viewer.next('reconnect');
      expect(hint.reason).toBe('draining');
      expect(hint.afterMs).toBeGreaterThanOrEqual(0);
      expect(hint.afterMs).toBeLessThan(300);
    }
    for (const viewer of viewers) expect((await viewer.closed).code).toBe(4009);
    // Alive but not ready: Kubernetes takes the node out of the Service's endpoints.
    const readiness = await fetch(`http://127.0.0.1:${fleet.byName(PUSH_2).ports.OPS_PORT}/readyz`);
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toMatchObject({ status: 'draining' });
    const refused = new PushClient(wsUrl(fleet, PUSH_2), { query: { token: await joinToken(roomId, 'too-late') } });
    clients.push(refused);
    expect((await refused.closed).code).toBe(1006);
  });
});

describe('the whole push tier down for a while', () => {
  // Ports of the fleet's first push node moved up: nodes that start later, under names (and so consumer groups) of their own.
  const laterNode = (n: number) => ({ name: `danmaku-push-later-${n}`, app: 'danmaku-push', ports: { WS_PORT: 8090 + 10 * n, GRPC_PORT: 50054 + 10 * n, OPS_PORT: 9404 + 10 * n } });
  const notice = (roomId: string, text: string): roomV1.RoomEvent => ({ roomId, atMs: String(Date.now()), system: { level: roomV1.NoticeLevel.NOTICE_LEVEL_INFO, text } });

  it('a new push node resumes a viewer from before the outage with everything that happened while no node ran', async () => {
    const before = laterNode(2);
    await fleet.startInstance(before);
    const roomId = await liveRoom(room, producer, 'owner-4');
    const viewer = await connect(before.name, roomId, 'through-the-outage');
    await producer.roomEvents([notice(roomId, 'before the outage')]);
    await waitFor(() => viewer.events.find((e) => e.payload.text === 'before the outage'), 10_000, 'the notice before the outage');
    const lastPosition = viewer.lastPosition;

    await Promise.all([PUSH_1, PUSH_2, before.name].map((name) => fleet.stopInstance(fleet.byName(name))));
    const during = ['while no node ran 1', 'while no node ran 2', 'while no node ran 3'];
    await producer.roomEvents(during.map((text) => notice(roomId, text)));

    const after = laterNode(3);
    await fleet.startInstance(after);
    const resumed = await connect(after.name, roomId, 'through-the-outage', { query: { lastPosition } });
    await waitFor(() => resumed.events.find((e) => e.payload.text === during.at(-1)), 10_000, 'the notices sent while no node ran');

    expect(resumed.events.filter((e) => e.type === 'system').map((e) => e.payload.text)).toEqual(during);
    const positions = resumed.events.map((e) => BigInt(e.position));
    expect(positions.every((position, i) => position > BigInt(lastPosition) && (i === 0 || position > positions[i - 1]))).toBe(true);
    expect(resumed.of('error')).toEqual([]);
    // The new node started where the stopped ones left off: their groups are of no more use.
    await waitFor(async () => ((await pushNodeGroups(fleet)).join() === `${after.name}@4500` ? true : undefined), 10_000, 'only the live node’s group left');
  });

  it('a push node killed before its events reached history leaves them to the next node, not skipped', async () => {
    const redisUrl = new URL(infraEnv().REDIS_URL);
    const gate = await openTcpGate(redisUrl.hostname, Number(redisUrl.port || 6379));
    try {
      // No other push node may store the events in history meanwhile: this one is the whole tier.
      await Promise.all(fleet.running.filter(({ service }) => service.app === 'danmaku-push').map((running) => fleet.stopInstance(running)));
      redisUrl.host = `127.0.0.1:${gate.port}`;
      const cut = laterNode(4);
      const partitioned = await fleet.startInstance(cut, { REDIS_URL: redisUrl.toString() });
      const roomId = await liveRoom(room, producer, 'owner-5');
      const viewer = await connect(cut.name, roomId, 'through-the-crash');
      await producer.roomEvents([notice(roomId, 'before the partition')]);
      await waitFor(() => viewer.events.find((e) => e.payload.text === 'before the partition'), 10_000, 'the notice before the partition');
      const lastPosition = viewer.lastPosition;

      // The node still fans events out live, but cannot store them in history.
      gate.hold();
      const unstored = ['not stored 1', 'not stored 2', 'not stored 3'];
      await producer.roomEvents(unstored.map((text) => notice(roomId, text)));
      // Past kafkajs' 5 s auto-commit interval, then one more event: a consumer committing what it
      // merely took in would have committed all of them by now.
      await sleep(6_000);
      unstored.push('not stored 4');
      await producer.roomEvents([notice(roomId, unstored[3])]);
      await waitFor(() => viewer.events.find((e) => e.payload.text === unstored[3]), 10_000, 'the events live on the partitioned node');
      await sleep(2_000);
      partitioned.child.kill('SIGKILL');
      await partitioned.exited;
      // What the node had sent into the held link dies with it.
      await gate.close();

      const next = laterNode(5);
      await fleet.startInstance(next);
      const resumed = await connect(next.name, roomId, 'through-the-crash', { query: { lastPosition } });
      await waitFor(() => resumed.events.find((e) => e.payload.text === unstored.at(-1)), 10_000, 'the events the killed node never stored');
      expect(resumed.events.filter((e) => e.type === 'system').map((e) => e.payload.text)).toEqual(unstored);
      expect(resumed.of('error')).toEqual([]);
    } finally {
      await gate.close();
    }
  });
});
