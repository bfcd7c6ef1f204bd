import { randomBytes, randomUUID } from 'node:crypto';
import { roomV1 } from '@ovation/contracts';
import { createDataSource, DataSourceSettings, ensureDatabase, runMigrations } from '@ovation/database';
import { byteExactColumnsOf, dropDatabases, infraEnv } from '@ovation/testing';
import type { DataSource } from 'typeorm';
import { ArchivableEvent, ArchiveReader, ChatArchiver, danmakuArchiveMigrations } from './index';

const suffix = `_t${randomBytes(4).toString('hex')}`;
const env = infraEnv();
const settings: DataSourceSettings = {
  host: env.MYSQL_HOST,
  port: Number(env.MYSQL_PORT),
  username: env.MYSQL_USER,
  password: env.MYSQL_PASSWORD,
  database: `ovation_danmaku_archive${suffix}`,
  entities: [],
  migrations: danmakuArchiveMigrations,
};

const LIVE_AT = 1_732_400_000_000;
let position = 100;

function event(roomId: string, atMs: number, payload: Partial<roomV1.RoomEvent>): ArchivableEvent {
  return { event: { roomId, atMs: String(atMs), ...payload }, position: String(position++), brokerTimestampMs: atMs };
}

const live = (roomId: string, atMs: number) =>
  event(roomId, atMs, { state: { from: roomV1.RoomStatus.ROOM_STATUS_CREATED, to: roomV1.RoomStatus.ROOM_STATUS_LIVE, reason: 'stream started' } });
const ended = (roomId: string, atMs: number) =>
  event(roomId, atMs, { state: { from: roomV1.RoomStatus.ROOM_STATUS_LIVE, to: roomV1.RoomStatus.ROOM_STATUS_ENDED, reason: 'stream stopped' } });
const chat = (roomId: string, atMs: number, text: string) =>
  event(roomId, atMs, {
    chat: { messageId: randomUUID(), clientMsgId: `c-${text}`, userId: 'u-1', displayName: '小明', text, role: roomV1.RoomRole.ROOM_ROLE_VIEWER },
  });

describe('danmaku archive against the real MariaDB', () => {
  let dataSource: DataSource;
  let reader: ArchiveReader;

  beforeAll(async () => {
    await ensureDatabase(settings);
    dataSource = await createDataSource(settings).initialize();
    await runMigrations(dataSource);
    reader = new ArchiveReader(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabases(suffix);
  });

  const rowsOf = async (roomId: string) =>
    (await dataSource.query('SELECT message_id, offset_ms, position, text FROM danmaku_archive WHERE room_id = ? ORDER BY position', [roomId])) as {
      message_id: string;
      offset_ms: string;
      position: string;
      text: string;
    }[];

  it('writes each chat once, however often the same events arrive', async () => {
    const roomId = randomUUID();
    const batch = [live(roomId, LIVE_AT), chat(roomId, LIVE_AT + 1_000, 'hello 你好'), chat(roomId, LIVE_AT + 2_500, '🎉 emoji')];
    const archiver = new ChatArchiver(dataSource);

    await expect(archiver.archive(batch)).resolves.toEqual({ chats: 2, inserted: 2 });
    await expect(archiver.archive(batch)).resolves.toEqual({ chats: 2, inserted: 0 });
    // A fresh archiver (a restarted node) redelivered an overlapping batch.
    const more = chat(roomId, LIVE_AT + 3_000, 'third');
    await expect(new ChatArchiver(dataSource).archive([...batch.slice(1), more])).resolves.toEqual({ chats: 3, inserted: 1 });

    const rows = await rowsOf(roomId);
    expect(rows.map((r) => [r.text, Number(r.offset_ms)])).toEqual([
      ['hello 你好', 1_000],
      ['🎉 emoji', 2_500],
      ['third', 3_000],
    ]);
    expect(new Set(rows.map((r) => r.message_id)).size).toBe(3);
  });

  it('measures offsets from the session a restarted archiver reads back from the table', async () => {
    const roomId = randomUUID();
    await new ChatArchiver(dataSource).archive([live(roomId, LIVE_AT), chat(roomId, LIVE_AT + 10, 'first')]);

    await new ChatArchiver(dataSource).archive([chat(roomId, LIVE_AT + 60_000, 'after restart'), chat(roomId, LIVE_AT - 50, 'clock behind')]);

    expect((await rowsOf(roomId)).map((r) => [r.text, Number(r.offset_ms)])).toEqual([
      ['first', 10],
      ['after restart', 60_000],
      ['clock behind', 0],
    ]);
  });

  it('starts a new timeline when the room goes live again, and closes the previous one', async () => {
    const roomId = randomUUID();
    const secondLive = LIVE_AT + 3_600_000;
    await new ChatArchiver(dataSource).archive([
      live(roomId, LIVE_AT),
      chat(roomId, LIVE_AT + 5_000, 'session one'),
      ended(roomId, LIVE_AT + 7_000),
      live(roomId, secondLive),
      chat(roomId, secondLive + 2_000, 'session two'),
    ]);

    const sessions = await dataSource.query('SELECT started_at_ms, ended_at_ms, inferred FROM danmaku_streams WHERE room_id = ? ORDER BY started_at_ms', [roomId]);
    expect(sessions).toEqual([
      { started_at_ms: String(LIVE_AT), ended_at_ms: String(LIVE_AT + 7_000), inferred: 0 },
      { started_at_ms: String(secondLive), ended_at_ms: null, inferred: 0 },
    ]);
    const latest = await reader.list({ roomId, fromMs: 0, limit: 10 });
    expect(latest.streamStartedAtMs).toBe(secondLive);
    expect(latest.messages.map((m) => [m.text, m.offsetMs])).toEqual([['session two', 2_000]]);
    const first = await reader.list({ roomId, fromMs: 0, limit: 10, streamStartedAtMs: LIVE_AT });
    expect(first.messages.map((m) => [m.text, m.offsetMs])).toEqual([['session one', 5_000]]);
  });

  it('asks room where the session of a room whose LIVE event it never saw started', async () => {
    const roomId = randomUUID();
    const asked: string[] = [];
    const archiver = new ChatArchiver(dataSource, async (id) => (asked.push(id), LIVE_AT));
    await archiver.archive([chat(roomId, LIVE_AT + 42, 'event lost'), chat(roomId, LIVE_AT + 1_042, 'next')]);

    const page = await reader.list({ roomId, fromMs: 0, limit: 10 });
    expect(page.streamStartedAtMs).toBe(LIVE_AT);
    expect(page.messages.map((m) => m.offsetMs)).toEqual([42, 1_042]);
    expect(asked).toEqual([roomId]);
    expect(await dataSource.query('SELECT started_at_ms, inferred FROM danmaku_streams WHERE room_id = ?', [roomId])).toEqual([{ started_at_ms: String(LIVE_AT), inferred: 0 }]);
  });

  it('infers a session from the first chat when room knows no start either', async () => {
    const roomId = randomUUID();
    await new ChatArchiver(dataSource, async () => undefined).archive([chat(roomId, LIVE_AT + 42, 'orphan'), chat(roomId, LIVE_AT + 1_042, 'next')]);

    const page = await reader.list({ roomId, fromMs: 0, limit: 10 });
    expect(page.streamStartedAtMs).toBe(LIVE_AT + 42);
    expect(page.messages.map((m) => m.offsetMs)).toEqual([0, 1_000]);
  });

  it('writes nothing of a batch while room cannot be asked, and places it right once room answers', async () => {
    const roomId = randomUUID();
    const batch = [chat(roomId, LIVE_AT + 500, 'waiting for room')];
    const archiver = new ChatArchiver(dataSource, async () => {
      throw new Error('room unavailable');
    });
    await expect(archiver.archive(batch)).rejects.toThrow('room unavailable');
    expect(await rowsOf(roomId)).toEqual([]);

    await new ChatArchiver(dataSource, async () => LIVE_AT).archive(batch);
    expect((await rowsOf(roomId)).map((r) => [r.text, Number(r.offset_ms)])).toEqual([['waiting for room', 500]]);
  });

  it('reads a time range in order, a page at a time, without gaps or repeats', async () => {
    const roomId = randomUUID();
    // Two messages share an offset: position breaks the tie, also across a page boundary.
    const events = [live(roomId, LIVE_AT), ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => chat(roomId, LIVE_AT + (i === 5 ? 4 : i) * 1_000, `m${i}`))];
    await new ChatArchiver(dataSource).archive(events);

    const texts: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await reader.list({ roomId, fromMs: 2_000, toMs: 8_000, limit: 2, cursor });
      texts.push(...page.messages.map((m) => m.text));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);

    expect(texts).toEqual(['m2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    expect(pages).toBe(3);
    const whole = await reader.list({ roomId, fromMs: 0, limit: 1000 });
    expect(whole.messages).toHaveLength(10);
    expect(whole.nextCursor).toBeNull();
    expect(whole.messages[0]).toMatchObject({ roomId, displayName: '小明', userId: 'u-1', role: 'ROOM_ROLE_VIEWER', sentAtMs: LIVE_AT, offsetMs: 0 });
  });

  it('keeps rooms whose ids differ only by case apart: each has its own session and its own chat', async () => {
    const roomId = `case-${randomUUID()}`;
    const variant = roomId.toUpperCase();
    await new ChatArchiver(dataSource).archive([live(roomId, LIVE_AT), chat(roomId, LIVE_AT + 1_000, 'lower'), live(variant, LIVE_AT + 500), chat(variant, LIVE_AT + 2_000, 'upper')]);

    const lower = await reader.list({ roomId, fromMs: 0, limit: 10 });
    const upper = await reader.list({ roomId: variant, fromMs: 0, limit: 10 });
    expect([lower.streamStartedAtMs, lower.messages.map((m) => [m.text, m.offsetMs])]).toEqual([LIVE_AT, [['lower', 1_000]]]);
    expect([upper.streamStartedAtMs, upper.messages.map((m) => [m.text, m.offsetMs])]).toEqual([LIVE_AT + 500, [['upper', 1_500]]]);
  });

  it('compares every id column byte for byte', async () => {
    expect(await byteExactColumnsOf(dataSource)).toEqual([
      'danmaku_archive.client_msg_id',
      'danmaku_archive.message_id',
      'danmaku_archive.room_id',
      'danmaku_archive.user_id',
      'danmaku_streams.room_id',
    ]);
  });

  it('answers an empty page for a room that never went live', async () => {
    await expect(reader.list({ roomId: randomUUID(), fromMs: 0, limit: 10 })).resolves.toEqual({ streamStartedAtMs: null, messages: [], nextCursor: null });
  });

  it.each([
    [{ fromMs: -1 }, 'from'],
    [{ fromMs: 10, toMs: 10 }, 'to'],
    [{ limit: 0 }, 'limit'],
    [{ limit: 1001 }, 'limit'],
    [{ cursor: 'nope' }, 'cursor'],
  ])('refuses %p naming %s', async (bad, field) => {
    await expect(reader.list({ roomId: randomUUID(), fromMs: 0, limit: 10, ...bad })).rejects.toMatchObject({ kind: 'invalid_argument', field });
  });
});
