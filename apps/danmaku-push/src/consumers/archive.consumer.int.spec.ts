import { randomUUID } from 'node:crypto';
import { kafkaCodecs, roomV1, Topics } from '@ovation/contracts';
import { ChatArchiver, danmakuArchiveMigrations } from '@ovation/danmaku-server';
import { createDataSource, DataSourceSettings, ensureDatabase, runMigrations } from '@ovation/database';
import { createKafka, ensureTopics, EventProducer, KafkaLogger, namespacedTopic } from '@ovation/kafka';
import { dropDatabases, dropTopics, infraEnv, isolatedNamespace, waitFor } from '@ovation/testing';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { ARCHIVE_GROUP, ArchiveConsumer } from './archive.consumer';

const env = infraEnv();
const namespace = isolatedNamespace();
const topic = namespacedTopic(namespace.id, Topics.roomEvents);
const settings: DataSourceSettings = {
  host: env.MYSQL_HOST,
  port: Number(env.MYSQL_PORT),
  username: env.MYSQL_USER,
  password: env.MYSQL_PASSWORD,
  database: `ovation_danmaku${namespace.databaseSuffix}`,
  entities: [],
  migrations: danmakuArchiveMigrations,
};
const silent: KafkaLogger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
const kafka = createKafka({ clientId: 'archive-consumer-spec', brokers: env.KAFKA_BROKERS.split(','), logger: silent });
const producer = new EventProducer(kafka);
const codec = kafkaCodecs[Topics.roomEvents];
/** A second namespace, for a group with a member that stopped answering. */
const stalled = isolatedNamespace();
const LIVE_AT = 1_732_400_000_000;

/** The sum of a metric's samples matching the labels (`sample` names a histogram's `_count`/`_sum`). */
async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}, sample = name): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as { value: number; labels: Record<string, string | number>; metricName?: string }[];
  return values
    .filter((v) => (v.metricName ?? name) === sample && Object.entries(labels).every(([k, l]) => v.labels[k] === l))
    .reduce((sum, v) => sum + v.value, 0);
}

describe('ArchiveConsumer against the real Kafka and MariaDB', () => {
  let dataSource: DataSource;
  const consumers: ArchiveConsumer[] = [];

  function startConsumer(registry: Registry, kafkaNamespace = namespace.id): Promise<void> {
    const consumer = new ArchiveConsumer(
      kafka,
      new ChatArchiver(dataSource),
      { KAFKA_NAMESPACE: kafkaNamespace, ARCHIVE_BATCH_MAX_ROWS: 4, ARCHIVE_BATCH_WAIT_MS: 50 },
      pino({ level: 'silent' }),
      registry,
    );
    consumers.push(consumer);
    return consumer.onApplicationBootstrap();
  }

  beforeAll(async () => {
    await ensureDatabase(settings);
    dataSource = await createDataSource(settings).initialize();
    await runMigrations(dataSource);
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    await producer.connect();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.beforeApplicationShutdown()));
    await producer.disconnect();
    await dropTopics(namespace.id);
    await dropTopics(stalled.id);
    await dataSource?.destroy();
    await dropDatabases(namespace.databaseSuffix);
  }, 60_000);

  it('archives each chat once with its offset from the stream start, even when the group reads everything again', async () => {
    const roomId = randomUUID();
    const send = (atMs: number, payload: Partial<roomV1.RoomEvent>) =>
      producer.send(topic, { key: roomId, value: codec.encode({ roomId, atMs: String(atMs), ...payload }) });
    await send(LIVE_AT, { state: { from: roomV1.RoomStatus.ROOM_STATUS_CREATED, to: roomV1.RoomStatus.ROOM_STATUS_LIVE, reason: '' } });
    const positions: string[] = [];
    for (let i = 0; i < 10; i++) {
      const [metadata] = await send(LIVE_AT + 1_500 * i, {
        chat: { messageId: `m-${roomId}-${i}`, clientMsgId: `c-${i}`, userId: `u-${i % 3}`, displayName: '观众', text: `弹幕 ${i}`, role: roomV1.RoomRole.ROOM_ROLE_VIEWER },
      });
      positions.push(String(Number(metadata.baseOffset) + 1)); // positions are offsets + 1
    }
    await send(LIVE_AT + 20_000, { online: { connections: 5, uniqueUsers: 3 } });

    const first = new Registry();
    await startConsumer(first);
    await waitFor(async () => ((await metricValue(first, 'ovation_danmaku_archive_rows_total', { outcome: 'inserted' })) === 10 ? true : undefined), 30_000, 'ten archived rows');
    expect(await metricValue(first, 'ovation_danmaku_archive_batch_rows', {}, 'ovation_danmaku_archive_batch_rows_count')).toBeGreaterThanOrEqual(3); // at most 4 rows per insert
    await consumers[0].beforeApplicationShutdown();

    // Redeliver everything: the group starts over from the oldest message.
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: namespacedTopic(namespace.id, ARCHIVE_GROUP), topic, earliest: true });
    await admin.disconnect();
    const second = new Registry();
    await startConsumer(second);
    await waitFor(async () => ((await metricValue(second, 'ovation_danmaku_archive_rows_total', { outcome: 'duplicate' })) === 10 ? true : undefined), 30_000, 'ten duplicates');
    expect(await metricValue(second, 'ovation_danmaku_archive_rows_total', { outcome: 'inserted' })).toBe(0);

    const rows = (await dataSource.query('SELECT message_id, offset_ms, position, stream_started_at_ms FROM danmaku_archive WHERE room_id = ? ORDER BY position', [roomId])) as Record<
      string,
      string
    >[];
    expect(rows).toEqual(
      positions.map((position, i) => ({ message_id: `m-${roomId}-${i}`, offset_ms: String(1_500 * i), position, stream_started_at_ms: String(LIVE_AT) })),
    );
  }, 90_000);

  it('starts without waiting for a stalled member of the group to be dropped, and archives once it was', async () => {
    const stalledTopic = namespacedTopic(stalled.id, Topics.roomEvents);
    await ensureTopics(kafka, [{ topic: stalledTopic, numPartitions: 1 }]);
    const roomId = randomUUID();
    await producer.send(stalledTopic, {
      key: roomId,
      value: codec.encode({ roomId, atMs: String(LIVE_AT), chat: { messageId: `m-${roomId}`, clientMsgId: 'c', userId: 'u', displayName: '观众', text: '卡住了', role: roomV1.RoomRole.ROOM_ROLE_VIEWER } }),
    });

    // A member whose handler never returns sends no heartbeats: to the broker it looks like a
    // killed node until its session runs out, and a joining member waits for that.
    const groupId = namespacedTopic(stalled.id, ARCHIVE_GROUP);
    const zombie = kafka.consumer({ groupId, sessionTimeout: 15_000 });
    let zombieId = '';
    zombie.on(zombie.events.GROUP_JOIN, (event) => (zombieId = event.payload.memberId));
    await zombie.connect();
    await zombie.subscribe({ topics: [stalledTopic], fromBeginning: true });
    let release = (): void => undefined;
    await new Promise<void>((stuck) => {
      void zombie.run({
        eachBatch: () => {
          stuck();
          return new Promise<void>((released) => (release = released));
        },
      });
    });

    const registry = new Registry();
    await startConsumer(registry, stalled.id);
    const admin = kafka.admin();
    await admin.connect();
    const {
      groups: [group],
    } = await admin.describeGroups([groupId]);
    await admin.disconnect();
    expect(group.members.map((member) => member.memberId)).toContain(zombieId);

    await waitFor(async () => ((await metricValue(registry, 'ovation_danmaku_archive_rows_total', { outcome: 'inserted' })) === 1 ? true : undefined), 45_000, 'the chat archived');
    release();
    await zombie.disconnect();
  }, 90_000);
});
