import { randomUUID } from 'node:crypto';
import { kafkaCodecs, roomV1, Topics } from '@ovation/contracts';
import { createKafka, EventProducer, KafkaLogger, namespacedTopic } from '@ovation/kafka';
import { infraEnv, startTestFleet, TestFleet, waitFor } from '@ovation/testing';

const silent: KafkaLogger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
const LIVE_AT = Date.now() - 600_000;

interface ReplayPage {
  streamStartedAt: number | null;
  items: { id: string; text: string; offsetMs: number; position: string; displayName: string; role: string; sentAt: string }[];
  nextCursor: string | null;
}

// The archive end to end: room events on Kafka → a push node's archive group → MySQL → the
// push node's ListArchive → the gateway's replay endpoint; and the REST send path's errors.
describe('danmaku archive and replay through the gateway', () => {
  let fleet: TestFleet;
  let producer: EventProducer;
  let gateway: string;
  const roomId = randomUUID();

  beforeAll(async () => {
    fleet = await startTestFleet({ portOffset: 4700, only: ['gateway', 'room', 'danmaku-push-1'], serviceEnv: { 'danmaku-push-1': { ARCHIVE_BATCH_WAIT_MS: '50' } } });
    gateway = fleet.url('gateway', 'HTTP_PORT');
    producer = new EventProducer(createKafka({ clientId: 'replay-spec', brokers: infraEnv().KAFKA_BROKERS.split(','), logger: silent }));
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await fleet?.stop();
  }, 60_000);

  const topic = () => namespacedTopic(fleet.namespace, Topics.roomEvents);
  const publish = (atMs: number, payload: Partial<roomV1.RoomEvent>) =>
    producer.send(topic(), { key: roomId, value: kafkaCodecs[Topics.roomEvents].encode({ roomId, atMs: String(atMs), ...payload }) });
  const replay = async (query: string) => {
    const response = await fetch(`${gateway}/v1/rooms/${roomId}/danmaku?${query}`);
    return { status: response.status, body: (await response.json()) as ReplayPage & { error?: { code: string; field?: string } } };
  };
  const token = async (userId: string, role: string) => {
    const response = await fetch(`${gateway}/v1/dev/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, role }) });
    return ((await response.json()) as { token: string }).token;
  };

  it('serves a time range of the archived chat, in order, a page at a time', async () => {
    await publish(LIVE_AT, { state: { from: roomV1.RoomStatus.ROOM_STATUS_CREATED, to: roomV1.RoomStatus.ROOM_STATUS_LIVE, reason: 'stream started' } });
    for (let second = 0; second < 30; second++) {
      await publish(LIVE_AT + second * 1_000, {
        chat: { messageId: `${roomId}-${second}`, clientMsgId: `c${second}`, userId: `u${second % 4}`, displayName: `观众${second % 4}`, text: `第${second}秒`, role: roomV1.RoomRole.ROOM_ROLE_VIEWER },
      });
    }

    const all = await waitFor(
      async () => {
        const { body } = await replay('limit=1000');
        return body.items?.length === 30 ? body : undefined;
      },
      30_000,
      'thirty archived messages',
    );
    expect(all.streamStartedAt).toBe(LIVE_AT);
    expect(all.items.map((m) => m.offsetMs)).toEqual([...Array(30).keys()].map((s) => s * 1_000));
    expect(all.items[7]).toMatchObject({ id: `${roomId}-7`, text: '第7秒', displayName: '观众3', role: 'viewer', sentAt: new Date(LIVE_AT + 7_000).toISOString() });
    expect(all.nextCursor).toBeNull();

    const range = await replay('from=10000&to=20000');
    expect(range.status).toBe(200);
    expect(range.body.items.map((m) => m.text)).toEqual([...Array(10).keys()].map((i) => `第${i + 10}秒`));

    const paged: string[] = [];
    let cursor = '';
    for (let page = 0; page < 10; page++) {
      const { body } = await replay(`from=5000&to=17000&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...body.items.map((m) => m.text));
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    expect(paged).toEqual([...Array(12).keys()].map((i) => `第${i + 5}秒`));
  }, 60_000);

  it('answers an empty page for a room that never went live', async () => {
    const response = await fetch(`${gateway}/v1/rooms/${randomUUID()}/danmaku`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ streamStartedAt: null, items: [], nextCursor: null });
  });

  it.each([
    ['from=-1', 'from'],
    ['from=5000&to=5000', 'to'],
    ['limit=5000', 'limit'],
    ['cursor=bm9wZQ', 'cursor'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const { status, body } = await replay(query);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'invalid_argument', field });
  });

  it('sends through the push node only for signed-in viewers, and maps its refusals', async () => {
    const send = (authorization: string | undefined, body: object, room = roomId) =>
      fetch(`${gateway}/v1/rooms/${room}/danmaku`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(body),
      });

    expect((await send(undefined, { text: 'hi' })).status).toBe(401);
    expect((await send(`Bearer ${await token('guest-1', 'guest')}`, { text: 'hi' })).status).toBe(403);
    const viewer = `Bearer ${await token('viewer-1', 'viewer')}`;
    const empty = await send(viewer, { text: '' });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { code: 'invalid_argument', field: 'text' } });

    // A room the room service does not know is not live: the push node's nack becomes 409.
    const notLive = await send(viewer, { text: 'hello', clientMsgId: 'c-1' }, randomUUID());
    expect(notLive.status).toBe(409);
    expect(await notLive.json()).toMatchObject({ error: { code: 'room_not_live' } });
  }, 30_000);
});
