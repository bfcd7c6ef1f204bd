import { status } from '@grpc/grpc-js';
import { commonV1, ingestV1, kafkaCodecs, roomV1, Topics } from '@ovation/contracts';
import { createGrpcClient, GrpcClientHandle } from '@ovation/grpc';
import { createKafka, EventProducer, namespacedTopic } from '@ovation/kafka';
import { PresenceReporter } from '@ovation/presence';
import { createRedis, RedisClient } from '@ovation/redis';
import { startTestFleet, TestFleet, waitFor } from '@ovation/testing';

// The built room service as production runs it (its own process, real MariaDB, Redis and Kafka),
// driven over gRPC the way the gateway and ingest drive it.
const user = (userId: string): commonV1.Actor => ({ userId, role: commonV1.Role.ROLE_USER });
const admin: commonV1.Actor = { userId: 'staff', role: commonV1.Role.ROLE_ADMIN };
const alice = user('alice');
const GRACE_MS = 1_500;

let fleet: TestFleet;
let grpc: GrpcClientHandle<roomV1.RoomServiceClient>;
let redis: RedisClient;
let producer: EventProducer;
let lifecycleTopic: string;
const room = () => grpc.client;

async function streamEvent(roomId: string, streamId: string, node: string, payload: Partial<ingestV1.StreamLifecycleEvent>): Promise<void> {
  const event: ingestV1.StreamLifecycleEvent = { roomId, streamId, ingestNode: node, atMs: String(Date.now()), ...payload };
  await producer.send(lifecycleTopic, { key: roomId, value: kafkaCodecs[Topics.streamLifecycle].encode(event) });
}
const started = { started: { renditions: ['source', '720p'], flvOriginUrl: '', hlsMasterUrl: '', width: 1280, height: 720 } };
const stopped = { stopped: { reason: ingestV1.StopReason.STOP_REASON_UNPUBLISHED, detail: '' } };

async function statusOf(roomId: string): Promise<roomV1.RoomStatus> {
  return (await room().getRoom({ roomId })).room!.status;
}

async function goLive(title: string, category: string): Promise<roomV1.Room> {
  const { room: created } = await room().createRoom({ actor: alice, title, category, coverUrl: '' });
  await streamEvent(created!.id, `stream-${created!.id}`, 'ingest-1', started);
  await waitFor(async () => ((await statusOf(created!.id)) === roomV1.RoomStatus.ROOM_STATUS_LIVE ? true : undefined), 20_000, `${title} to go live`);
  return created!;
}

beforeAll(async () => {
  fleet = await startTestFleet({
    portOffset: 3000,
    only: ['room'],
    env: { STREAM_LOSS_GRACE_MS: String(GRACE_MS), ONLINE_COUNT_INTERVAL_MS: '1000' },
  });
  grpc = createGrpcClient<roomV1.RoomServiceClient>({
    domain: 'room',
    service: 'RoomService',
    address: `127.0.0.1:${fleet.byName('room').ports.GRPC_PORT}`,
    defaultDeadlineMs: 5_000,
  });
  redis = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `${fleet.namespace}:` });
  const kafka = createKafka({ clientId: 'room-fleet-spec', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',') });
  producer = new EventProducer(kafka);
  await producer.connect();
  lifecycleTopic = namespacedTopic(fleet.namespace, Topics.streamLifecycle);
}, 120_000);

afterAll(async () => {
  grpc?.close();
  await producer?.disconnect();
  await redis?.quit();
  await fleet?.stop();
}, 60_000);

describe('room over gRPC', () => {
  it('creates and gets a room; a missing one is NOT_FOUND and a bad title INVALID_ARGUMENT naming the field', async () => {
    const { room: created } = await room().createRoom({ actor: alice, title: 'Synthwave', category: 'music', coverUrl: '' });
    expect(created).toMatchObject({ ownerId: 'alice', status: roomV1.RoomStatus.ROOM_STATUS_CREATED });
    expect((await room().getRoom({ roomId: created!.id })).room).toEqual(created);
    await expect(room().getRoom({ roomId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: status.NOT_FOUND });
    const invalid = await room().createRoom({ actor: alice, title: '', category: '', coverUrl: '' }).catch((error) => error);
    expect(invalid.code).toBe(status.INVALID_ARGUMENT);
    expect(invalid.metadata.get('ovation-error-field')).toEqual(['title']);
  });

  it('ends a room once; ending it again is FAILED_PRECONDITION (the gateway’s 409); others may not end it', async () => {
    const { room: created } = await room().createRoom({ actor: alice, title: 'Short', category: '', coverUrl: '' });
    await expect(room().endRoom({ actor: user('mallory'), roomId: created!.id, reason: '' })).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    expect((await room().endRoom({ actor: alice, roomId: created!.id, reason: 'bye' })).room!.status).toBe(roomV1.RoomStatus.ROOM_STATUS_ENDED);
    await expect(room().endRoom({ actor: admin, roomId: created!.id, reason: '' })).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });
  });

  it('lists live rooms by the online counts push nodes report, with a cursor', async () => {
    const category = `fleet-${fleet.namespace}`;
    const quiet = await goLive('quiet', category);
    const busy = await goLive('busy', category);
    const medium = await goLive('medium', category);
    const reporter = new PresenceReporter(redis);
    await reporter.report('push-a', new Map([[busy.id, { connections: 30, uniqueUsers: 25 }], [medium.id, { connections: 4, uniqueUsers: 4 }]]));
    await reporter.report('push-b', new Map([[busy.id, { connections: 12, uniqueUsers: 12 }]]));

    const first = await waitFor(
      async () => {
        const page = await room().listLiveRooms({ category, page: { cursor: '', limit: 2 } });
        return page.rooms[0]?.onlineCount === 42 ? page : undefined;
      },
      15_000,
      'the aggregated counts',
    );
    expect(first.rooms.map((live) => [live.id, live.onlineCount])).toEqual([[busy.id, 42], [medium.id, 4]]);
    const second = await room().listLiveRooms({ category, page: { cursor: first.page!.nextCursor, limit: 2 } });
    expect(second.rooms.map((live) => live.id)).toEqual([quiet.id]);
    expect(second.page!.nextCursor).toBe('');
    expect((await room().getRoom({ roomId: busy.id })).room!.onlineCount).toBe(42);
    await expect(room().listLiveRooms({ category, page: { cursor: 'nope', limit: 2 } })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  }, 60_000);

  it('authorizes the current key only: wrong, rotated and already-publishing keys are denied', async () => {
    const { room: created } = await room().createRoom({ actor: alice, title: 'Publish', category: '', coverUrl: '' });
    const roomId = created!.id;
    await expect(room().getPublishInfo({ actor: user('mallory'), roomId })).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    const info = await room().getPublishInfo({ actor: alice, roomId });
    expect(info.rtmpUrl).toBe(`rtmp://127.0.0.1:${1935 + 3000}/live`);

    expect(await room().authorizePublish({ streamKey: info.streamKey, ingestNode: 'ingest-1' })).toEqual({ allowed: true, roomId, denial: roomV1.PublishDenial.PUBLISH_DENIAL_UNSPECIFIED });
    expect((await room().authorizePublish({ streamKey: `${info.streamKey}0`, ingestNode: 'ingest-1' })).denial).toBe(roomV1.PublishDenial.PUBLISH_DENIAL_UNKNOWN_KEY);

    await streamEvent(roomId, 'stream-1', 'ingest-1', started);
    await waitFor(async () => ((await statusOf(roomId)) === roomV1.RoomStatus.ROOM_STATUS_LIVE ? true : undefined), 20_000, 'the room to go live');
    expect((await room().authorizePublish({ streamKey: info.streamKey, ingestNode: 'ingest-2' })).denial).toBe(roomV1.PublishDenial.PUBLISH_DENIAL_ALREADY_LIVE);
    expect((await room().authorizePublish({ streamKey: info.streamKey, ingestNode: 'ingest-1' })).allowed).toBe(true);

    const { streamKey: rotated } = await room().rotateStreamKey({ actor: alice, roomId });
    expect((await room().authorizePublish({ streamKey: info.streamKey, ingestNode: 'ingest-1' })).denial).toBe(roomV1.PublishDenial.PUBLISH_DENIAL_UNKNOWN_KEY);
    expect((await room().authorizePublish({ streamKey: rotated, ingestNode: 'ingest-1' })).allowed).toBe(true);

    const metrics = await (await fetch(`${fleet.url('room', 'OPS_PORT')}/metrics`)).text();
    expect(metrics).toMatch(/ovation_room_publish_authorizations_total\{[^}]*outcome="already_live"[^}]*\} 1/);
  }, 60_000);

  it('goes live on StreamStarted and ends after the grace period on StreamStopped, unless the stream comes back', async () => {
    const live = await goLive('grace', 'sports');
    await streamEvent(live.id, `stream-${live.id}`, 'ingest-1', stopped);
    await streamEvent(live.id, 'stream-again', 'ingest-1', started);
    // Watched until well past the grace period of the first stop: the reconnected room stays live.
    const watchUntil = Date.now() + GRACE_MS * 2;
    while (Date.now() < watchUntil) {
      expect(await statusOf(live.id)).toBe(roomV1.RoomStatus.ROOM_STATUS_LIVE);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    await streamEvent(live.id, 'stream-again', 'ingest-1', stopped);
    const ended = await waitFor(
      async () => {
        const current = (await room().getRoom({ roomId: live.id })).room!;
        return current.status === roomV1.RoomStatus.ROOM_STATUS_ENDED ? current : undefined;
      },
      20_000,
      'the room to end after the grace period',
    );
    expect(Number(ended.endedAt) - Number(ended.liveAt)).toBeGreaterThanOrEqual(GRACE_MS);
  }, 60_000);

  it('refuses ids that are not in normalized form, from any caller, with INVALID_ARGUMENT naming the field', async () => {
    const { room: created } = await room().createRoom({ actor: alice, title: 'Ids', category: '', coverUrl: '' });
    const roomId = created!.id;
    const fieldOf = async (call: Promise<unknown>) => {
      const error = await call.then(() => undefined, (failure: { code: number; metadata: { get(key: string): unknown[] } }) => failure);
      return error && [error.code, error.metadata.get('ovation-error-field')[0]];
    };
    const refused = (field: string) => [status.INVALID_ARGUMENT, field];

    expect(await fieldOf(room().createRoom({ actor: user('alice '), title: 'Mine', category: '', coverUrl: '' }))).toEqual(refused('actor.userId'));
    expect(await fieldOf(room().mute({ actor: alice, roomId, userId: 'ALICE\u200b', durationMs: '0', reason: '' }))).toEqual(refused('userId'));
    expect(await fieldOf(room().ban({ actor: user('bob\u202e'), roomId, userId: 'dave', reason: '' }))).toEqual(refused('actor.userId'));
    expect(await fieldOf(room().checkSpeaker({ roomId, userId: 'Zoe\u0308' }))).toEqual(refused('userId'));
    expect(await fieldOf(room().listOwnerRooms({ ownerId: 'a'.repeat(65) }))).toEqual(refused('ownerId'));
    expect(await fieldOf(room().getRoom({ roomId: ` ${roomId}` }))).toEqual(refused('roomId'));
    expect(await room().listModeration({ actor: alice, roomId })).toEqual({ adminIds: [], mutes: [], bans: [] });
  });

  it('moderates: owner appoints an admin, the admin mutes and bans, CheckSpeaker follows', async () => {
    const { room: created } = await room().createRoom({ actor: alice, title: 'Chat', category: '', coverUrl: '' });
    const roomId = created!.id;
    await expect(room().appointAdmin({ actor: user('bob'), roomId, userId: 'bob' })).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    await room().appointAdmin({ actor: alice, roomId, userId: 'bob' });
    const { muteUntil } = await room().mute({ actor: user('bob'), roomId, userId: 'dave', durationMs: '600000', reason: 'spam' });
    expect(Number(muteUntil)).toBeGreaterThan(Date.now());
    await room().ban({ actor: user('bob'), roomId, userId: 'erin', reason: 'abuse' });
    await expect(room().mute({ actor: user('carol'), roomId, userId: 'dave', durationMs: '0', reason: '' })).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    await expect(room().mute({ actor: alice, roomId, userId: 'dave', durationMs: '-5', reason: '' })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });

    expect(await room().checkSpeaker({ roomId, userId: 'dave' })).toEqual({ muted: true, banned: false, muteUntil, role: roomV1.RoomRole.ROOM_ROLE_VIEWER });
    expect(await room().checkSpeaker({ roomId, userId: 'erin' })).toMatchObject({ banned: true });
    expect((await room().checkSpeaker({ roomId, userId: 'bob' })).role).toBe(roomV1.RoomRole.ROOM_ROLE_ADMIN);
    expect((await room().checkSpeaker({ roomId, userId: 'alice' })).role).toBe(roomV1.RoomRole.ROOM_ROLE_OWNER);
    expect(await room().listModeration({ actor: alice, roomId })).toMatchObject({ adminIds: ['bob'], mutes: [{ userId: 'dave' }], bans: [{ userId: 'erin' }] });

    await room().unmute({ actor: admin, roomId, userId: 'dave' });
    await room().unban({ actor: alice, roomId, userId: 'erin' });
    await room().removeAdmin({ actor: alice, roomId, userId: 'bob' });
    expect(await room().checkSpeaker({ roomId, userId: 'dave' })).toEqual({ muted: false, banned: false, muteUntil: '0', role: roomV1.RoomRole.ROOM_ROLE_VIEWER });
    expect(await room().checkSpeaker({ roomId, userId: 'erin' })).toMatchObject({ banned: false });
    expect((await room().checkSpeaker({ roomId, userId: 'bob' })).role).toBe(roomV1.RoomRole.ROOM_ROLE_VIEWER);
  });
});
