import { DynamicModule, Module, Provider } from '@nestjs/common';
import { roomV1, Topics } from '@ovation/contracts';
import {
  CatalogRepository,
  CatalogService,
  ComboCounter,
  GiftEffectBroadcaster,
  GiftMetrics,
  GrpcRoomDirectory,
  LeaderboardProjector,
  LeaderboardQueries,
  OutboxRelay,
  ReconciliationService,
  SendGiftService,
  WalletsService,
} from '@ovation/gift-server';
import { createGrpcClient } from '@ovation/grpc';
import { EventProducer, namespacedTopic } from '@ovation/kafka';
import { METRICS_REGISTRY } from '@ovation/observability';
import { RedisClient } from '@ovation/redis';
import { databaseProvider, InfrastructureLifecycle, kafkaProviders, readinessProvider, REDIS, redisProvider } from '@ovation/runtime';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { GiftConfig } from './config';
import { GiftConsumers } from './consumers/gift-consumers';
import { giftDatabase } from './database';
import { GIFT_CONFIG } from './gift.tokens';
import { GiftGrpcController } from './grpc/gift.grpc-controller';
import { OutboxRelayHost } from './outbox/outbox-relay.host';
import { relayProviders } from './outbox/relay-providers';

/** Wallets, the gift ledger and its outbox, the gift event consumers and leaderboards. */
@Module({})
export class GiftModule {
  static forRoot(config: GiftConfig): DynamicModule {
    return {
      module: GiftModule,
      controllers: [GiftGrpcController],
      providers: [
        { provide: GIFT_CONFIG, useValue: config },
        databaseProvider(giftDatabase(config)),
        redisProvider(config),
        ...kafkaProviders('gift', config, [Topics.giftEvents, Topics.roomEvents]),
        InfrastructureLifecycle,
        readinessProvider(['mysql']),
        { provide: GiftMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new GiftMetrics(registry) },
        ...useCaseProviders(config),
        ...relayProviders(config),
        OutboxRelayHost,
        GiftConsumers,
      ],
    };
  }
}

function useCaseProviders(config: GiftConfig): Provider[] {
  return [
    { provide: CatalogService, inject: [DataSource], useFactory: (ds: DataSource) => new CatalogService(new CatalogRepository(ds), config.CATALOG_CACHE_MS) },
    { provide: WalletsService, inject: [DataSource], useFactory: (ds: DataSource) => new WalletsService(ds) },
    {
      provide: SendGiftService,
      inject: [DataSource, CatalogService, GiftMetrics, OutboxRelay],
      useFactory: (ds: DataSource, catalog: CatalogService, metrics: GiftMetrics, relay: OutboxRelay) => {
        const rooms = createGrpcClient<roomV1.RoomServiceClient>({ domain: 'room', service: 'RoomService', address: config.ROOM_GRPC_URL, defaultDeadlineMs: config.GRPC_DEADLINE_MS });
        return new SendGiftService(ds, catalog, new GrpcRoomDirectory(rooms.client, config.ROOM_CACHE_MS), { metrics, onCommitted: () => relay.nudge(), maxBatchSize: config.SEND_BATCH_MAX, maxWaiting: config.SEND_QUEUE_MAX, lockWaitTimeoutSeconds: config.SEND_LOCK_WAIT_SECONDS });
      },
    },
    { provide: LeaderboardQueries, inject: [REDIS], useFactory: (redis: RedisClient) => new LeaderboardQueries(redis) },
    { provide: LeaderboardProjector, inject: [REDIS, GiftMetrics], useFactory: (redis: RedisClient, metrics: GiftMetrics) => new LeaderboardProjector(redis, metrics) },
    {
      provide: GiftEffectBroadcaster,
      inject: [DataSource, EventProducer, REDIS, GiftMetrics],
      useFactory: (ds: DataSource, producer: EventProducer, redis: RedisClient, metrics: GiftMetrics) =>
        new GiftEffectBroadcaster(ds, producer, namespacedTopic(config.KAFKA_NAMESPACE, Topics.roomEvents), new ComboCounter(redis, config.COMBO_WINDOW_MS), metrics),
    },
    { provide: ReconciliationService, inject: [DataSource, GiftMetrics], useFactory: (ds: DataSource, metrics: GiftMetrics) => new ReconciliationService(ds, metrics) },
  ];
}
