import { Topics } from '@ovation/contracts';
import { createDataSource, ensureDatabase, runMigrations } from '@ovation/database';
import { CatalogRepository, CatalogService, giftMigrations, RoomDirectory, RoomFacts, SendGiftService, WalletsService } from '@ovation/gift-server';
import { createKafka, ensureTopics, namespacedTopic } from '@ovation/kafka';
import { createRedis, RedisClient } from '@ovation/redis';
import { dropDatabases, dropTopics, infraEnv, isolatedNamespace } from '@ovation/testing';
import { logLevel } from 'kafkajs';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';

/** Rooms as the tests want them: a fake of our own RoomDirectory interface. */
export class FakeRooms implements RoomDirectory {
  readonly rooms = new Map<string, RoomFacts>();

  async lookup(roomId: string): Promise<RoomFacts> {
    const room = this.rooms.get(roomId);
    if (!room) throw Object.assign(new Error(`room ${roomId} does not exist`), { kind: 'not_found' });
    return room;
  }
}

export interface GiftFixture {
  namespace: string;
  dataSource: DataSource;
  redis: RedisClient;
  kafka: Kafka;
  topics: { giftEvents: string; roomEvents: string };
  rooms: FakeRooms;
  wallets: WalletsService;
  catalog: CatalogService;
  sends: SendGiftService;
  close(): Promise<void>;
}

/** A fresh database (migrated), Redis prefix and Kafka namespace on the real servers. */
export async function giftFixture(poolSize = 30): Promise<GiftFixture> {
  const env = infraEnv();
  const namespace = isolatedNamespace();
  const settings = {
    host: env.MYSQL_HOST,
    port: Number(env.MYSQL_PORT),
    username: env.MYSQL_USER,
    password: env.MYSQL_PASSWORD,
    database: `ovation_gift${namespace.databaseSuffix}`,
    entities: [],
    migrations: giftMigrations,
    poolSize,
    multipleStatements: true,
  };
  await ensureDatabase(settings);
  const dataSource = await createDataSource(settings).initialize();
  await runMigrations(dataSource);
  const redis = createRedis({ url: env.REDIS_URL, keyPrefix: `${namespace.id}:` });
  const kafka = createKafka({ clientId: 'gift-spec', brokers: env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const topics = { giftEvents: namespacedTopic(namespace.id, Topics.giftEvents), roomEvents: namespacedTopic(namespace.id, Topics.roomEvents) };
  await ensureTopics(kafka, [
    { topic: topics.giftEvents, numPartitions: 3 },
    { topic: topics.roomEvents, numPartitions: 3 },
  ]);
  const rooms = new FakeRooms();
  const catalog = new CatalogService(new CatalogRepository(dataSource));
  return {
    namespace: namespace.id,
    dataSource,
    redis,
    kafka,
    topics,
    rooms,
    catalog,
    wallets: new WalletsService(dataSource),
    sends: new SendGiftService(dataSource, catalog, rooms),
    close: async () => {
      await dropTopics(namespace.id);
      await Promise.allSettled([dataSource.destroy(), redis.quit()]);
      await dropDatabases(namespace.databaseSuffix);
    },
  };
}
