import { randomBytes } from 'node:crypto';
import { ingestV1, kafkaCodecs, roomV1, Topics } from '@ovation/contracts';
import { createDataSource, DataSourceSettings, ensureDatabase, runMigrations } from '@ovation/database';
import { createKafka, ensureTopics, EventProducer, RunningConsumer, runConsumer } from '@ovation/kafka';
import { PresenceAggregator, PresenceReporter } from '@ovation/presence';
import { createRedis, RedisClient } from '@ovation/redis';
import { Actor, allows, ROOM_STATUSES, RoomOperation, roomOperations, RoomStatus } from '@ovation/room-domain';
import { createConnection } from 'mysql2/promise';
import pino from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import {
  ModerationService,
  OnlineCountPublisher,
  PublishService,
  RoomAdminEntity,
  RoomBanEntity,
  RoomEntity,
  RoomEventPublisher,
  RoomMetrics,
  roomMigrations,
  RoomMuteEntity,
  RoomsService,
  RoomTransitions,
  SensitiveWordEntity,
  SensitiveWordListEntity,
  SensitiveWordsService,
  StreamKeyring,
  StreamLifecycleService,
} from './index';
import { byteExactColumnsOf, dropTopics, waitFor } from '@ovation/testing';

// The use cases against the real MariaDB (a throwaway database), Redis (a throwaway key prefix)
// and Kafka (a throwaway topic), wired as the room app wires them.
const id = randomBytes(4).toString('hex');
const settings: DataSourceSettings = {
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  username: process.env.MYSQL_USER ?? 'root',
  password: process.env.MYSQL_PASSWORD ?? '',
  database: `ovation_room_spec_${id}`,
  entities: [RoomEntity, RoomAdminEntity, RoomMuteEntity, RoomBanEntity, SensitiveWordListEntity, SensitiveWordEntity],
  migrations: roomMigrations,
};
const topic = `spec-${id}.${Topics.roomEvents}`;
const GRACE_MS = 400;
const alice: Actor = { userId: 'alice', platformAdmin: false };
const bob: Actor = { userId: 'bob', platformAdmin: false };
const carol: Actor = { userId: 'carol', platformAdmin: false };
const staff: Actor = { userId: 'staff', platformAdmin: true };

const kafka = createKafka({ clientId: 'room-service-spec', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), logger: { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined } });
const producer = new EventProducer(kafka);
const logger = pino({ level: 'silent' });
const registry = new Registry();
const metrics = new RoomMetrics(registry);
const events: roomV1.RoomEvent[] = [];
let dataSource: DataSource;
let redis: RedisClient;
let consumer: RunningConsumer;
let rooms: RoomsService;
let publish: PublishService;
let streams: StreamLifecycleService;
let moderation: ModerationService;
let sensitiveWords: SensitiveWordsService;
let onlineCounts: OnlineCountPublisher;
let presence: PresenceAggregator;
let clock = 1_000_000;

const stateEvents = (roomId: string) => events.filter((event) => event.roomId === roomId && event.state).map((event) => `${event.state!.from}>${event.state!.to}`);
const lifecycle = (roomId: string, streamId: string, node: string, payload: Partial<ingestV1.StreamLifecycleEvent>): ingestV1.StreamLifecycleEvent => ({
  roomId,
  streamId,
  ingestNode: node,
  atMs: String(clock),
  ...payload,
});
const started = { started: { renditions: ['source'], flvOriginUrl: '', hlsMasterUrl: '', width: 1280, height: 720 } };
const stopped = { stopped: { reason: ingestV1.StopReason.STOP_REASON_UNPUBLISHED, detail: '' } };

beforeAll(async () => {
  await ensureDatabase(settings);
  dataSource = await createDataSource(settings).initialize();
  await runMigrations(dataSource);
  redis = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `spec-room-${id}:` });
  await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
  await producer.connect();
  consumer = await runConsumer(kafka, {
    groupId: `${topic}.spec`,
    topics: [topic],
    fromBeginning: true,
    handler: async (message) => void events.push(kafkaCodecs[Topics.roomEvents].decode(message.value!)),
  });

  const roomRepo = dataSource.getRepository(RoomEntity);
  const now = () => clock;
  const keyring = new StreamKeyring('spec-stream-key-secret-0123456789');
  const publisher = new RoomEventPublisher(producer, topic);
  presence = new PresenceAggregator(redis);
  const transitions = new RoomTransitions(roomRepo, publisher, presence, metrics, logger);
  rooms = new RoomsService(roomRepo, transitions, presence, keyring, now);
  publish = new PublishService(roomRepo, rooms, keyring, 'rtmp://ingest.example:1935/live', metrics, logger);
  streams = new StreamLifecycleService(roomRepo, transitions, metrics, logger, GRACE_MS, now);
  const repos = { admins: dataSource.getRepository(RoomAdminEntity), mutes: dataSource.getRepository(RoomMuteEntity), bans: dataSource.getRepository(RoomBanEntity) };
  moderation = new ModerationService(repos, rooms, publisher, metrics, logger, now);
  sensitiveWords = new SensitiveWordsService(dataSource.getRepository(SensitiveWordListEntity), rooms, publisher, metrics, logger, now);
  onlineCounts = new OnlineCountPublisher(presence, roomRepo, publisher, metrics, logger, 'spec-instance', now);
}, 60_000);

afterAll(async () => {
  await consumer?.stop();
  await producer.disconnect();
  await dropTopics(`spec-${id}`);
  const keys = await redis.keys(`spec-room-${id}:*`);
  if (keys.length) await redis.del(...keys.map((key) => key.slice(`spec-room-${id}:`.length)));
  await redis.quit();
  await dataSource?.destroy();
  const connection = await createConnection({ host: settings.host, port: settings.port, user: settings.username, password: settings.password });
  await connection.query(`DROP DATABASE IF EXISTS \`${settings.database}\``);
  await connection.end();
}, 30_000);

describe('room lifecycle', () => {
  it('creates, reads and ends a room, emitting every transition; ending twice is a failed precondition', async () => {
    const room = await rooms.create(alice, { title: 'Night', category: 'music' });
    expect(room).toMatchObject({ ownerId: 'alice', status: roomV1.RoomStatus.ROOM_STATUS_CREATED, onlineCount: 0 });
    expect(await rooms.get(room.id)).toEqual(room);

    await expect(rooms.end(bob, room.id, '')).rejects.toMatchObject({ kind: 'permission_denied' });
    const ended = await rooms.end(staff, room.id, '');
    expect(ended).toMatchObject({ status: roomV1.RoomStatus.ROOM_STATUS_ENDED, endedAt: String(clock) });
    await expect(rooms.end(alice, room.id, '')).rejects.toMatchObject({ kind: 'failed_precondition', reason: 'room_ended' });

    await waitFor(() => (stateEvents(room.id).length === 2 ? true : undefined), 15_000, 'the state events');
    expect(stateEvents(room.id)).toEqual(['ROOM_STATUS_UNSPECIFIED>ROOM_STATUS_CREATED', 'ROOM_STATUS_CREATED>ROOM_STATUS_ENDED']);
    expect(events.find((event) => event.roomId === room.id && event.state?.to === roomV1.RoomStatus.ROOM_STATUS_ENDED)!.state!.reason).toBe('ended_by_admin');
    expect(await registry.getSingleMetricAsString('ovation_room_transitions_total')).toContain('from="created",to="ended"} ');
  }, 30_000);

  it('updates only the fields given, for the owner or a platform admin', async () => {
    const room = await rooms.create(alice, { title: 'Before' });
    await expect(rooms.update(bob, room.id, { title: 'Hijacked' })).rejects.toMatchObject({ reason: 'not_room_owner' });
    expect(await rooms.update(alice, room.id, { title: 'After' })).toMatchObject({ title: 'After', category: 'general' });
    await expect(rooms.update(alice, room.id, { title: '' })).rejects.toMatchObject({ field: 'title' });
  });

  it('pages through an owner’s rooms newest first', async () => {
    const owner: Actor = { userId: `owner-${id}`, platformAdmin: false };
    const created = [];
    for (let i = 0; i < 5; i += 1) {
      clock += 1;
      created.push((await rooms.create(owner, { title: `Room ${i}` })).id);
    }
    const seen: string[] = [];
    let cursor = '';
    do {
      const page = await rooms.listOwner(owner.userId, { cursor, limit: 2 });
      seen.push(...page.rooms.map((room) => room.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());
    await expect(rooms.listOwner(owner.userId, { cursor: 'garbage' })).rejects.toMatchObject({ field: 'page.cursor' });
  });
});

describe('every operation follows the state machine', () => {
  // Each operation of the lifecycle's table, as a route calls it; the walk below is the table's own.
  const perform: Record<RoomOperation, (roomId: string) => Promise<unknown>> = {
    edit: (roomId) => rooms.update(alice, roomId, { title: 'Edited' }),
    end: (roomId) => rooms.end(alice, roomId, ''),
    publishInfo: (roomId) => publish.publishInfo(alice, roomId),
    rotateStreamKey: (roomId) => publish.rotateKey(alice, roomId),
    moderate: (roomId) => moderation.ban(alice, roomId, 'troll', ''),
    sensitiveWords: (roomId) => sensitiveWords.edit(alice, roomId, ['spoiler'], []),
  };
  const roomIn = async (status: RoomStatus): Promise<string> => {
    const room = await rooms.create(alice, { title: `In ${status}`, category: 'walk' });
    if (status !== 'created') await streams.handle(lifecycle(room.id, `walk-${room.id}`, 'ingest-a', started));
    if (status === 'ended') await rooms.end(staff, room.id, '');
    expect((await rooms.find(room.id)).status).toBe(status);
    return room.id;
  };
  const cases = Object.keys(roomOperations).flatMap((operation) => ROOM_STATUSES.map((status) => [operation as RoomOperation, status] as const));

  it.each(cases)('%s on a %s room: as the table says', async (operation, status) => {
    const roomId = await roomIn(status);
    const before = await rooms.find(roomId);
    if (allows(operation, status)) {
      await perform[operation](roomId);
      return;
    }
    await expect(perform[operation](roomId)).rejects.toMatchObject({ kind: 'failed_precondition', reason: `room_${status}` });
    expect(await rooms.find(roomId)).toEqual(before);
  }, 15_000);
});

describe('stream keys and publishing', () => {
  it('authorizes only the current key, not from another node while live, never once ended', async () => {
    const room = await rooms.create(alice, { title: 'Keys' });
    await expect(publish.publishInfo(bob, room.id)).rejects.toMatchObject({ kind: 'permission_denied' });
    const info = await publish.publishInfo(alice, room.id);
    expect(info.rtmpUrl).toBe('rtmp://ingest.example:1935/live');
    expect(await publish.publishInfo(alice, room.id)).toEqual(info);
    const stored = await dataSource.getRepository(RoomEntity).findOneByOrFail({ id: room.id });
    expect(JSON.stringify(stored)).not.toContain(info.streamKey);

    expect(await publish.authorize(info.streamKey, 'ingest-a')).toEqual({ allowed: true, roomId: room.id });
    expect(await publish.authorize(`${info.streamKey}x`, 'ingest-a')).toMatchObject({ allowed: false, denial: 'unknown_key' });
    expect(await publish.authorize('not a key!', 'ingest-a')).toMatchObject({ allowed: false, denial: 'unknown_key' });

    await streams.handle(lifecycle(room.id, 's1', 'ingest-a', started));
    expect(await publish.authorize(info.streamKey, 'ingest-b')).toMatchObject({ allowed: false, denial: 'already_live' });
    expect(await publish.authorize(info.streamKey, 'ingest-a')).toEqual({ allowed: true, roomId: room.id });

    const rotated = await publish.rotateKey(alice, room.id);
    expect(rotated).not.toBe(info.streamKey);
    expect((await publish.publishInfo(alice, room.id)).streamKey).toBe(rotated);
    expect(await publish.authorize(info.streamKey, 'ingest-a')).toMatchObject({ allowed: false, denial: 'unknown_key' });
    expect(await publish.authorize(rotated, 'ingest-a')).toEqual({ allowed: true, roomId: room.id });

    await rooms.end(alice, room.id, 'done');
    expect(await publish.authorize(rotated, 'ingest-a')).toMatchObject({ allowed: false, denial: 'room_ended' });
    await expect(publish.rotateKey(alice, room.id)).rejects.toMatchObject({ reason: 'room_ended' });
    expect(await registry.getSingleMetricAsString('ovation_room_publish_authorizations_total')).toMatch(/outcome="already_live"} 1/);
  });

  it('goes live on a started stream, survives a reconnect within the grace period, ends after it, idempotently', async () => {
    const room = await rooms.create(alice, { title: 'Stream', category: 'games' });
    await streams.handle(lifecycle(room.id, 's1', 'ingest-a', started));
    await streams.handle(lifecycle(room.id, 's1', 'ingest-a', started));
    await streams.handle(lifecycle(room.id, 's1', 'ingest-a', { thumbnail: { url: 'https://cdn.example/t.jpg' } }));
    expect(await rooms.get(room.id)).toMatchObject({ status: roomV1.RoomStatus.ROOM_STATUS_LIVE, liveAt: String(clock), thumbnailUrl: 'https://cdn.example/t.jpg' });
    expect((await rooms.listLive('games', {})).rooms.map((live) => live.id)).toContain(room.id);

    clock += 100;
    await streams.handle(lifecycle(room.id, 's1', 'ingest-a', stopped));
    clock += GRACE_MS - 1;
    expect(await streams.sweepLostStreams()).toBe(0);
    await streams.handle(lifecycle(room.id, 's2', 'ingest-b', started));
    clock += GRACE_MS * 2;
    expect(await streams.sweepLostStreams()).toBe(0);
    expect((await rooms.get(room.id)).status).toBe(roomV1.RoomStatus.ROOM_STATUS_LIVE);

    await streams.handle(lifecycle(room.id, 's1', 'ingest-a', stopped));
    expect(await streams.sweepLostStreams()).toBe(0);
    await streams.handle(lifecycle(room.id, 's2', 'ingest-b', stopped));
    const lostAt = clock;
    clock += 10;
    await streams.handle(lifecycle(room.id, 's2', 'ingest-b', stopped));
    expect((await dataSource.getRepository(RoomEntity).findOneByOrFail({ id: room.id })).streamLostAt).toBe(lostAt);
    clock = lostAt + GRACE_MS;
    expect(await streams.sweepLostStreams()).toBe(1);
    expect(await rooms.get(room.id)).toMatchObject({ status: roomV1.RoomStatus.ROOM_STATUS_ENDED, thumbnailUrl: '' });
    await streams.handle(lifecycle(room.id, 's3', 'ingest-a', started));
    expect((await rooms.get(room.id)).status).toBe(roomV1.RoomStatus.ROOM_STATUS_ENDED);
    expect((await rooms.listLive('games', {})).rooms.map((live) => live.id)).not.toContain(room.id);

    await waitFor(() => (stateEvents(room.id).length === 3 ? true : undefined), 15_000, 'the state events');
    expect(stateEvents(room.id)).toEqual([
      'ROOM_STATUS_UNSPECIFIED>ROOM_STATUS_CREATED',
      'ROOM_STATUS_CREATED>ROOM_STATUS_LIVE',
      'ROOM_STATUS_LIVE>ROOM_STATUS_ENDED',
    ]);
  }, 30_000);
});

describe('online counts', () => {
  it('serves a room without its count while the counts’ Redis cannot be reached, and counts each time', async () => {
    // A real client whose server is gone: nothing listens on this port.
    const unreachable = createRedis({ url: 'redis://127.0.0.1:1', keyPrefix: `spec-room-${id}:` });
    let unavailable = 0;
    const degraded = new RoomsService(dataSource.getRepository(RoomEntity), new RoomTransitions(dataSource.getRepository(RoomEntity), new RoomEventPublisher(producer, topic), presence, metrics, logger), new PresenceAggregator(unreachable), new StreamKeyring('spec-stream-key-secret-0123456789'), () => clock, () => unavailable++);
    const room = await rooms.create(alice, { title: 'Counted elsewhere' });
    try {
      await streams.handle(lifecycle(room.id, 'counts-down', 'ingest-a', started));
      expect(await degraded.get(room.id)).toMatchObject({ id: room.id, status: roomV1.RoomStatus.ROOM_STATUS_LIVE, onlineCount: 0 });
      expect(await degraded.update(alice, room.id, { category: 'news' })).toMatchObject({ category: 'news', onlineCount: 0 });
      expect((await degraded.listOwner('alice', {})).rooms.length).toBeGreaterThan(0);
      expect(unavailable).toBe(4);
    } finally {
      unreachable.disconnect();
      // Ended, so the live list the next test reconciles holds only its own rooms.
      await rooms.end(alice, room.id, '');
    }
  }, 30_000);

  it('lists live rooms by online count, publishes OnlineCount events, and repairs the live list from the database', async () => {
    const category = `cat-${id}`;
    const live = [];
    for (const title of ['quiet', 'busy', 'medium']) {
      const room = await rooms.create(alice, { title, category });
      await streams.handle(lifecycle(room.id, `s-${title}`, 'ingest-a', started));
      live.push(room);
    }
    const [quiet, busy, medium] = live;
    await new PresenceReporter(redis).report('push-1', new Map([[busy.id, { connections: 50, uniqueUsers: 40 }], [medium.id, { connections: 7, uniqueUsers: 7 }]]));

    expect(await onlineCounts.tick(5_000)).toBeGreaterThanOrEqual(3);
    const page1 = await rooms.listLive(category, { limit: 2 });
    const page2 = await rooms.listLive(category, { limit: 2, cursor: page1.nextCursor });
    expect(page1.rooms.map((room) => [room.title, room.onlineCount])).toEqual([['busy', 50], ['medium', 7]]);
    expect(page2.rooms.map((room) => [room.title, room.onlineCount])).toEqual([['quiet', 0]]);
    expect(page2.nextCursor).toBe('');
    expect((await rooms.get(busy.id)).onlineCount).toBe(50);
    await waitFor(() => (events.some((event) => event.roomId === busy.id && event.online?.connections === 50) ? true : undefined), 15_000, 'the OnlineCount event');
    expect(events.find((event) => event.roomId === busy.id && event.online)!.online).toEqual({ connections: 50, uniqueUsers: 40 });

    await presence.removeLiveRoom(quiet.id);
    await presence.upsertLiveRoom('ghost-room', category);
    expect(await onlineCounts.reconcile()).toEqual({ added: 1, removed: 1 });
    expect((await presence.liveRooms()).has(quiet.id)).toBe(true);
  }, 30_000);
});

describe('moderation', () => {
  it('enforces who may moderate, and the speaker check follows mutes, bans and admins', async () => {
    const room = await rooms.create(alice, { title: 'Moderated' });
    await expect(moderation.mute(carol, room.id, 'dave', 60_000, '')).rejects.toMatchObject({ reason: 'not_room_moderator' });
    await expect(moderation.appointAdmin(bob, room.id, 'carol')).rejects.toMatchObject({ reason: 'not_room_owner' });
    await moderation.appointAdmin(alice, room.id, 'bob');
    expect((await moderation.checkSpeaker(room.id, 'bob')).role).toBe('admin');

    expect(await moderation.mute(bob, room.id, 'dave', 60_000, 'spam')).toBe(clock + 60_000);
    await expect(moderation.mute(bob, room.id, 'alice', 0, '')).rejects.toMatchObject({ reason: 'target_is_owner' });
    await moderation.ban(staff, room.id, 'erin', 'abuse');
    expect(await moderation.checkSpeaker(room.id, 'dave')).toEqual({ muted: true, banned: false, muteUntil: clock + 60_000, role: 'viewer' });
    expect(await moderation.checkSpeaker(room.id, 'erin')).toMatchObject({ muted: false, banned: true });
    expect(await moderation.list(bob, room.id)).toEqual({
      adminIds: ['bob'],
      mutes: [{ userId: 'dave', muteUntil: String(clock + 60_000), reason: 'spam', byUserId: 'bob' }],
      bans: [{ userId: 'erin', reason: 'abuse', byUserId: 'staff', bannedAt: String(clock) }],
    });

    clock += 60_000;
    expect((await moderation.checkSpeaker(room.id, 'dave')).muted).toBe(false);
    expect((await moderation.list(alice, room.id)).mutes).toEqual([]);
    await moderation.unban(bob, room.id, 'erin');
    await moderation.removeAdmin(alice, room.id, 'bob');
    expect(await moderation.checkSpeaker(room.id, 'erin')).toEqual({ muted: false, banned: false, muteUntil: 0, role: 'viewer' });
    expect((await moderation.checkSpeaker(room.id, 'bob')).role).toBe('viewer');
    expect(await moderation.checkSpeaker(room.id, 'alice')).toEqual({ muted: false, banned: false, muteUntil: 0, role: 'owner' });
    // Muted until unmuted and banned at once; in another room the same user is clear.
    await moderation.mute(alice, room.id, 'frank', 0, '');
    await moderation.ban(alice, room.id, 'frank', '');
    clock += 365 * 24 * 3600_000;
    expect(await moderation.checkSpeaker(room.id, 'frank')).toEqual({ muted: true, banned: true, muteUntil: 0, role: 'viewer' });
    const other = await rooms.create(bob, { title: 'Elsewhere' });
    expect(await moderation.checkSpeaker(other.id, 'frank')).toEqual({ muted: false, banned: false, muteUntil: 0, role: 'viewer' });
    await expect(moderation.checkSpeaker('no-such-room', 'x')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it("appends each change of a user's standing to the room's event stream, in order, and nothing for a refused one", async () => {
    const room = await rooms.create(alice, { title: 'Announced' });
    const standings = () => events.filter((event) => event.roomId === room.id && event.standing).map((event) => event.standing);
    const { ROOM_ROLE_VIEWER: viewer, ROOM_ROLE_ADMIN: admin } = roomV1.RoomRole;
    await moderation.mute(alice, room.id, 'gina', 30_000, 'spam');
    await moderation.ban(alice, room.id, 'gina', 'abuse');
    await moderation.unmute(alice, room.id, 'gina');
    await expect(moderation.ban(carol, room.id, 'gina', '')).rejects.toMatchObject({ reason: 'not_room_moderator' });
    await moderation.unban(alice, room.id, 'gina');
    await moderation.appointAdmin(alice, room.id, 'gina');
    await waitFor(() => (standings().length >= 5 ? true : undefined), 15_000, 'the standing events');
    expect(standings()).toEqual([
      { userId: 'gina', muted: true, banned: false, muteUntil: String(clock + 30_000), role: viewer },
      { userId: 'gina', muted: true, banned: true, muteUntil: String(clock + 30_000), role: viewer },
      { userId: 'gina', muted: false, banned: true, muteUntil: '0', role: viewer },
      { userId: 'gina', muted: false, banned: false, muteUntil: '0', role: viewer },
      { userId: 'gina', muted: false, banned: false, muteUntil: '0', role: admin },
    ]);
  });
});

describe('sensitive words', () => {
  const announced = (roomId: string) => events.filter((event) => event.roomId === roomId && event.sensitiveWords).map((event) => event.sensitiveWords!.version);

  it('keeps the platform list for platform admins only, versioned, normalized and byte for byte, and announces each change', async () => {
    await expect(sensitiveWords.view(alice, '')).rejects.toMatchObject({ kind: 'permission_denied', reason: 'not_platform_admin' });
    await expect(sensitiveWords.replace(alice, '', ['scam'])).rejects.toMatchObject({ reason: 'not_platform_admin' });
    expect(await sensitiveWords.view(staff, '')).toEqual({ roomId: '', version: '0', words: [], updatedBy: '', updatedAt: '0' });

    const replaced = await sensitiveWords.replace(staff, '', [' scam ', 'SCAM', 'free \u200B money', '傻瓜', 'scam']);
    expect(replaced).toEqual({ roomId: '', version: '1', words: ['SCAM', 'free money', 'scam', '傻瓜'], updatedBy: 'staff', updatedAt: String(clock) });
    const edited = await sensitiveWords.edit(staff, '', ['spam*', 'scam'], ['SCAM', 'not listed']);
    expect(edited).toMatchObject({ version: '2', words: ['free money', 'scam', 'spam*', '傻瓜'] });
    expect(await sensitiveWords.view(staff, '')).toEqual(edited);
    await waitFor(() => (announced('').length >= 2 ? true : undefined), 15_000, 'the platform list events');
    expect(announced('')).toEqual(['1', '2']);
  });

  it("keeps each room's list for its owner or a platform admin, apart from the others", async () => {
    const room = await rooms.create(alice, { title: 'Own words' });
    await moderation.appointAdmin(alice, room.id, 'carol');
    await expect(sensitiveWords.replace(bob, room.id, ['x1'])).rejects.toMatchObject({ reason: 'not_room_owner' });
    await expect(sensitiveWords.view(carol, room.id)).rejects.toMatchObject({ reason: 'not_room_owner' });
    await expect(sensitiveWords.view(alice, 'no-such-room')).rejects.toMatchObject({ kind: 'not_found' });
    expect(await sensitiveWords.replace(alice, room.id, ['剧透', 'spoiler*'])).toMatchObject({ roomId: room.id, version: '1', words: ['spoiler*', '剧透'], updatedBy: 'alice' });
    expect(await sensitiveWords.edit(staff, room.id, [], ['剧透'])).toMatchObject({ version: '2', words: ['spoiler*'], updatedBy: 'staff' });
    const other = await rooms.create(alice, { title: 'No words' });
    expect(await sensitiveWords.view(alice, other.id)).toMatchObject({ version: '0', words: [] });
    await waitFor(() => (announced(room.id).length >= 2 ? true : undefined), 15_000, 'the room list events');
    expect(announced(room.id)).toEqual(['1', '2']);
  });

  it('refuses bad entries naming the field, and lists over their bound, changing nothing', async () => {
    const room = await rooms.create(alice, { title: 'Bounded' });
    await sensitiveWords.replace(alice, room.id, ['ok']);
    await expect(sensitiveWords.replace(alice, room.id, ['fine', '🖕'])).rejects.toMatchObject({ kind: 'invalid_argument', field: 'words[1]' });
    await expect(sensitiveWords.edit(alice, room.id, ['x'.repeat(65)], [])).rejects.toMatchObject({ field: 'add[0]' });
    await expect(sensitiveWords.edit(alice, room.id, ['a1'], ['a1'])).rejects.toMatchObject({ field: 'remove[0]' });
    await expect(sensitiveWords.replace(alice, room.id, Array.from({ length: 1001 }, (_, i) => `w${i}`))).rejects.toMatchObject({ field: 'words' });
    await sensitiveWords.replace(alice, room.id, Array.from({ length: 1000 }, (_, i) => `w${i}`));
    await expect(sensitiveWords.edit(alice, room.id, ['one more'], [])).rejects.toMatchObject({ field: 'add' });
    expect(await sensitiveWords.view(alice, room.id)).toMatchObject({ version: '2' });
    expect((await sensitiveWords.view(alice, room.id)).words).toHaveLength(1000);
  }, 30_000);

  it("answers a push node's read with the words, or only the version when it has that one already", async () => {
    const room = await rooms.create(alice, { title: 'Read by push nodes' });
    expect(await sensitiveWords.get(room.id, 0)).toEqual({ list: { roomId: room.id, version: '0', words: [], updatedBy: '', updatedAt: '0' }, unchanged: true });
    await sensitiveWords.replace(alice, room.id, ['noob']);
    expect(await sensitiveWords.get(room.id, 0)).toMatchObject({ list: { version: '1', words: ['noob'] }, unchanged: false });
    expect(await sensitiveWords.get(room.id, 1)).toMatchObject({ list: { version: '1', words: [] }, unchanged: true });
    expect(await sensitiveWords.get('', 0)).toMatchObject({ list: { roomId: '' }, unchanged: false });
  });
});

describe('ids compare byte for byte', () => {
  const rvwOwner: Actor = { userId: 'rvw-owner', platformAdmin: false };
  const rvwAdmin: Actor = { userId: 'rvw-admin', platformAdmin: false };

  it('lets a room admin mute and ban RVW-OWNER, another user than the owner rvw-owner, whose standing stays clear', async () => {
    const room = await rooms.create(rvwOwner, { title: 'Case' });
    await moderation.appointAdmin(rvwOwner, room.id, rvwAdmin.userId);

    await moderation.mute(rvwAdmin, room.id, 'RVW-OWNER', 0, 'impostor');
    await moderation.ban(rvwAdmin, room.id, 'RVW-OWNER', 'impostor');

    expect(await moderation.checkSpeaker(room.id, 'rvw-owner')).toEqual({ muted: false, banned: false, muteUntil: 0, role: 'owner' });
    expect(await moderation.checkSpeaker(room.id, 'RVW-OWNER')).toEqual({ muted: true, banned: true, muteUntil: 0, role: 'viewer' });
    await expect(moderation.ban(rvwAdmin, room.id, 'rvw-owner', '')).rejects.toMatchObject({ reason: 'target_is_owner' });
    // Push nodes act on the standing events: none of them names the owner.
    const announced = () => events.filter((event) => event.roomId === room.id && event.standing).map((event) => event.standing!.userId);
    await waitFor(() => (announced().length >= 3 ? true : undefined), 15_000, 'the standing events');
    expect(announced()).toEqual(['rvw-admin', 'RVW-OWNER', 'RVW-OWNER']);
  });

  it('keeps admins, mutes, bans and owners apart from their case variants', async () => {
    const room = await rooms.create(rvwOwner, { title: 'Variants' });
    await moderation.appointAdmin(rvwOwner, room.id, 'RVW-FAN');
    await moderation.mute(rvwOwner, room.id, 'Troll', 0, '');
    await moderation.ban(rvwOwner, room.id, 'Zoë', '');

    expect((await moderation.checkSpeaker(room.id, 'rvw-fan')).role).toBe('viewer');
    await expect(moderation.mute({ userId: 'rvw-fan', platformAdmin: false }, room.id, 'someone', 0, '')).rejects.toMatchObject({ reason: 'not_room_moderator' });
    expect(await moderation.checkSpeaker(room.id, 'troll')).toMatchObject({ muted: false });
    expect(await moderation.checkSpeaker(room.id, 'zoe')).toMatchObject({ banned: false });
    await expect(rooms.update({ userId: 'RVW-OWNER', platformAdmin: false }, room.id, { title: 'Mine now' })).rejects.toMatchObject({ reason: 'not_room_owner' });
    expect((await rooms.listOwner('RVW-OWNER', {})).rooms).toEqual([]);
    await expect(rooms.get(room.id.toUpperCase())).rejects.toMatchObject({ kind: 'not_found' });
  });

  it.each([
    ['surrounding whitespace', ' rvw-fan'],
    ['a zero-width space', 'rvw\u200bfan'],
    ['a control character', 'rvw\u0007fan'],
    ['a decomposed letter (not NFC)', 'Zoe\u0308'],
    ['more than 64 bytes', 'x'.repeat(65)],
    ['nothing', ''],
  ])('refuses a user id with %s, naming the field', async (_case, userId) => {
    const room = await rooms.create(rvwOwner, { title: 'Refusals' });
    await expect(moderation.mute(rvwOwner, room.id, userId, 0, '')).rejects.toMatchObject({ kind: 'invalid_argument', field: 'userId' });
    await expect(moderation.ban(rvwOwner, room.id, userId, '')).rejects.toMatchObject({ kind: 'invalid_argument', field: 'userId' });
    await expect(moderation.appointAdmin(rvwOwner, room.id, userId)).rejects.toMatchObject({ kind: 'invalid_argument', field: 'userId' });
    await expect(moderation.checkSpeaker(room.id, userId)).rejects.toMatchObject({ kind: 'invalid_argument', field: 'userId' });
    await expect(rooms.listOwner(userId, {})).rejects.toMatchObject({ kind: 'invalid_argument', field: 'ownerId' });
  });

  it('refuses a room id that is not in normalized form, naming the field', async () => {
    const room = await rooms.create(rvwOwner, { title: 'Room ids' });
    for (const roomId of [` ${room.id}`, `${room.id}\u200b`, '']) {
      await expect(rooms.get(roomId)).rejects.toMatchObject({ kind: 'invalid_argument', field: 'roomId' });
      await expect(moderation.checkSpeaker(roomId, 'rvw-fan')).rejects.toMatchObject({ kind: 'invalid_argument', field: 'roomId' });
    }
  });

  it('is what the schema says of every id column, and what the entities declare', async () => {
    const declared = dataSource.entityMetadatas.flatMap((entity) => entity.columns.filter((column) => column.collation === 'utf8mb4_bin').map((column) => `${entity.tableName}.${column.databaseName}`));
    const ids = [
      'room_admins.appointed_by',
      'room_admins.room_id',
      'room_admins.user_id',
      'room_bans.by_user_id',
      'room_bans.room_id',
      'room_bans.user_id',
      'room_mutes.by_user_id',
      'room_mutes.room_id',
      'room_mutes.user_id',
      'rooms.id',
      'rooms.owner_id',
      'rooms.publishing_node',
      'rooms.publishing_stream_id',
      'rooms.stream_key_hash',
      'sensitive_word_lists.room_id',
      'sensitive_word_lists.updated_by',
      'sensitive_words.added_by',
      'sensitive_words.room_id',
      'sensitive_words.word',
    ];
    expect(await byteExactColumnsOf(dataSource)).toEqual(ids);
    expect(declared.sort()).toEqual(ids);
  });
});
