import { startTestFleet, TestFleet, waitFor } from '@ovation/testing';
import { PushClient } from './push-client';
import { joinToken, liveRoom, metric, roomGrpc, RoomGrpc, TestProducer, wsUrl } from './push-fixtures';

jest.setTimeout(120_000);

const PUSH_1 = 'danmaku-push-1';
const PUSH_2 = 'danmaku-push-2';
const OWNER = 'words-owner';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let fleet: TestFleet;
let room: RoomGrpc;
let producer: TestProducer;
const clients: PushClient[] = [];

// A change of a word list made through the gateway reaches running push nodes through the room
// event stream: their cached lists live 10 minutes here, so nothing but the event can bring it.
beforeAll(async () => {
  fleet = await startTestFleet({
    portOffset: 8600,
    only: ['gateway', 'room', PUSH_1, PUSH_2],
    env: { SENSITIVE_WORDS_CACHE_MS: '600000', SENSITIVE_WORDS: 'baseline', RATE_USER_BURST: '200', RATE_USER_INTERVAL_MS: '10' },
  });
  room = roomGrpc(fleet);
  producer = new TestProducer(fleet);
  await producer.connect();
});

afterAll(async () => {
  clients.forEach((client) => client.close());
  room?.close();
  await producer?.disconnect();
  await fleet?.stop();
});

async function api(method: string, path: string, userId: string, role: string, body?: unknown): Promise<{ status: number; body: any }> {
  const gateway = fleet.url('gateway', 'HTTP_PORT');
  const minted = await fetch(`${gateway}/v1/dev/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, role }) });
  const { token } = (await minted.json()) as { token: string };
  const response = await fetch(`${gateway}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function connect(node: string, roomId: string, userId: string): Promise<PushClient> {
  const client = new PushClient(wsUrl(fleet, node), { query: { token: await joinToken(roomId, userId) } });
  clients.push(client);
  await client.next('welcome');
  return client;
}

/** What viewers are shown of `text` sent on `sender`, as seen by `watcher`. */
async function shown(sender: PushClient, watcher: PushClient, text: string): Promise<string> {
  const ack = await sender.chat(`m-${Math.random().toString(36).slice(2)}`, text);
  if (ack.type !== 'ack') throw new Error(`not acked: ${JSON.stringify(ack)}`);
  const event = await waitFor(() => watcher.events.find((e) => e.payload.messageId === ack.messageId), 10_000, 'the message');
  return event.payload.text as string;
}

/** Sends until viewers see `expected` (the change is on its way), at most 10 s. */
async function shownEventually(sender: PushClient, watcher: PushClient, text: string, expected: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    const seen = await shown(sender, watcher, text);
    if (seen === expected) return Date.now() - started;
    if (Date.now() - started > 10_000) throw new Error(`still shown as ${JSON.stringify(seen)}, not ${JSON.stringify(expected)}`);
    await sleep(100);
  }
}

describe('sensitive-word lists changed through the gateway', () => {
  it('reach every running push node within seconds, the platform list and a room list', async () => {
    const roomId = await liveRoom(room, producer, OWNER);
    const otherRoom = await liveRoom(room, producer, OWNER);
    const [one, two, elsewhere] = [await connect(PUSH_1, roomId, 'viewer-1'), await connect(PUSH_2, roomId, 'viewer-2'), await connect(PUSH_2, otherRoom, 'viewer-3')];
    // Both nodes now hold the platform list and this room's, both at version 0.
    expect(await shown(one, two, 'scam 剧透 baseline')).toBe('scam 剧透 ********');

    const platform = await api('PUT', '/v1/admin/sensitive-words', 'staff', 'admin', { words: ['scam', 'free money'] });
    expect(platform).toMatchObject({ status: 200, body: { version: 1, words: ['free money', 'scam'], updatedBy: 'staff' } });
    const tookMs = await shownEventually(one, two, 'ѕсаm! FREE-MONEY', '****! **********');
    expect(tookMs).toBeLessThan(10_000);
    expect(await shown(two, one, 's c a m')).toBe('*******');
    expect(await shown(elsewhere, elsewhere, 'a scam')).toBe('a ****');

    const own = await api('PATCH', `/v1/rooms/${roomId}/sensitive-words`, OWNER, 'streamer', { add: ['剧透'] });
    expect(own).toMatchObject({ status: 200, body: { version: 1, words: ['剧透'], updatedBy: OWNER } });
    await shownEventually(two, one, '别剧 透了', '别***了');
    expect(await shown(one, two, '剧透 scam')).toBe('** ****');
    expect(await shown(elsewhere, elsewhere, '剧透')).toBe('剧透');

    // Removing works the same way.
    expect(await api('PATCH', '/v1/admin/sensitive-words', 'staff', 'admin', { remove: ['scam'] })).toMatchObject({ status: 200, body: { version: 2, words: ['free money'] } });
    await shownEventually(one, two, 'scam', 'scam');

    for (const node of [PUSH_1, PUSH_2]) {
      expect(await metric(fleet, node, 'ovation_push_sensitive_word_list_version')).toBe(2);
      expect(await metric(fleet, node, 'ovation_push_sensitive_word_list_words')).toBe(2); // free money + the node's baseline
    }
  });

  it('lets only platform admins change the platform list and only the owner (or an admin) a room list, naming bad fields', async () => {
    const roomId = await liveRoom(room, producer, OWNER);
    expect(await api('PUT', '/v1/admin/sensitive-words', 'mallory', 'streamer', { words: ['x1'] })).toMatchObject({ status: 403 });
    expect(await api('GET', `/v1/rooms/${roomId}/sensitive-words`, 'mallory', 'viewer')).toMatchObject({ status: 403, body: { error: { code: 'not_room_owner' } } });
    expect(await api('PUT', `/v1/rooms/${roomId}/sensitive-words`, 'staff', 'admin', { words: ['noob'] })).toMatchObject({ status: 200, body: { version: 1 } });
    expect(await api('GET', `/v1/rooms/${roomId}/sensitive-words`, OWNER, 'streamer')).toMatchObject({ status: 200, body: { version: 1, words: ['noob'], updatedBy: 'staff' } });
    expect(await api('PUT', `/v1/rooms/${roomId}/sensitive-words`, OWNER, 'streamer', { words: ['ok', '!!!'] })).toMatchObject({ status: 400, body: { error: { field: 'words[1]' } } });
    expect(await api('PUT', `/v1/rooms/${roomId}/sensitive-words`, OWNER, 'streamer', { words: 'scam' })).toMatchObject({ status: 400, body: { error: { field: 'words' } } });
    expect(await api('PATCH', '/v1/rooms/00000000-0000-4000-8000-000000000000/sensitive-words', OWNER, 'streamer', { add: ['x1'] })).toMatchObject({ status: 404 });
  });
});
