import { DynamicModule, Module, Provider } from '@nestjs/common';
import { Topics } from '@ovation/contracts';
import { EventProducer, namespacedTopic } from '@ovation/kafka';
import { METRICS_REGISTRY } from '@ovation/observability';
import { PresenceAggregator } from '@ovation/presence';
import {
  ModerationService,
  OnlineCountPublisher,
  PublishService,
  RoomAdminEntity,
  RoomBanEntity,
  RoomEntity,
  RoomEventPublisher,
  RoomMetrics,
  RoomMuteEntity,
  RoomsService,
  RoomTransitions,
  SensitiveWordListEntity,
  SensitiveWordsService,
  StreamKeyring,
  StreamLifecycleService,
} from '@ovation/room-server';
import {
  databaseProvider,
  InfrastructureLifecycle,
  kafkaProviders,
  readinessProvider,
  REDIS,
  RedisClient,
  redisProvider,
  SERVICE_LOGGER,
} from '@ovation/runtime';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { RoomConfig } from './config';
import { StreamLifecycleConsumer } from './consumers/stream-lifecycle.consumer';
import { roomDatabase } from './database';
import { ModerationGrpcController } from './grpc/moderation.grpc-controller';
import { SensitiveWordsGrpcController } from './grpc/sensitive-words.grpc-controller';
import { PublishGrpcController } from './grpc/publish.grpc-controller';
import { RoomGrpcController } from './grpc/room.grpc-controller';
import { RoomJobs } from './jobs/room-jobs';
import { ROOM_CONFIG } from './room-config.token';

/** The room use cases from @ovation/room-server, wired to this process's database, Redis, Kafka, metrics and logger. */
function useCaseProviders(config: RoomConfig): Provider[] {
  const roomEventsTopic = namespacedTopic(config.KAFKA_NAMESPACE, Topics.roomEvents);
  const rooms = (dataSource: DataSource) => dataSource.getRepository(RoomEntity);
  return [
    { provide: StreamKeyring, useFactory: () => new StreamKeyring(config.STREAM_KEY_SECRET) },
    { provide: RoomMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new RoomMetrics(registry) },
    { provide: PresenceAggregator, inject: [REDIS], useFactory: (redis: RedisClient) => new PresenceAggregator(redis) },
    { provide: RoomEventPublisher, inject: [EventProducer], useFactory: (producer: EventProducer) => new RoomEventPublisher(producer, roomEventsTopic) },
    {
      provide: RoomTransitions,
      inject: [DataSource, RoomEventPublisher, PresenceAggregator, RoomMetrics, SERVICE_LOGGER],
      useFactory: (dataSource: DataSource, events: RoomEventPublisher, presence: PresenceAggregator, metrics: RoomMetrics, logger: Logger) =>
        new RoomTransitions(rooms(dataSource), events, presence, metrics, logger),
    },
    {
      provide: RoomsService,
      inject: [DataSource, RoomTransitions, PresenceAggregator, StreamKeyring, RoomMetrics],
      useFactory: (dataSource: DataSource, transitions: RoomTransitions, presence: PresenceAggregator, keyring: StreamKeyring, metrics: RoomMetrics) =>
        new RoomsService(rooms(dataSource), transitions, presence, keyring, Date.now, () => metrics.presenceUnavailable.inc()),
    },
    {
      provide: PublishService,
      inject: [DataSource, RoomsService, StreamKeyring, RoomMetrics, SERVICE_LOGGER],
      useFactory: (dataSource: DataSource, roomsService: RoomsService, keyring: StreamKeyring, metrics: RoomMetrics, logger: Logger) =>
        new PublishService(rooms(dataSource), roomsService, keyring, config.RTMP_PUBLIC_URL, metrics, logger),
    },
    {
      provide: StreamLifecycleService,
      inject: [DataSource, RoomTransitions, RoomMetrics, SERVICE_LOGGER],
      useFactory: (dataSource: DataSource, transitions: RoomTransitions, metrics: RoomMetrics, logger: Logger) =>
        new StreamLifecycleService(rooms(dataSource), transitions, metrics, logger, config.STREAM_LOSS_GRACE_MS),
    },
    {
      provide: ModerationService,
      inject: [DataSource, RoomsService, RoomEventPublisher, RoomMetrics, SERVICE_LOGGER],
      useFactory: (dataSource: DataSource, roomsService: RoomsService, events: RoomEventPublisher, metrics: RoomMetrics, logger: Logger) =>
        new ModerationService(
          { admins: dataSource.getRepository(RoomAdminEntity), mutes: dataSource.getRepository(RoomMuteEntity), bans: dataSource.getRepository(RoomBanEntity) },
          roomsService,
          events,
          metrics,
          logger,
        ),
    },
    {
      provide: SensitiveWordsService,
      inject: [DataSource, RoomsService, RoomEventPublisher, RoomMetrics, SERVICE_LOGGER],
      useFactory: (dataSource: DataSource, roomsService: RoomsService, events: RoomEventPublisher, metrics: RoomMetrics, logger: Logger) =>
        new SensitiveWordsService(dataSource.getRepository(SensitiveWordListEntity), roomsService, events, metrics, logger),
    },
    {
      provide: OnlineCountPublisher,
      inject: [PresenceAggregator, DataSource, RoomEventPublisher, RoomMetrics, SERVICE_LOGGER],
      useFactory: (presence: PresenceAggregator, dataSource: DataSource, events: RoomEventPublisher, metrics: RoomMetrics, logger: Logger) =>
        new OnlineCountPublisher(presence, rooms(dataSource), events, metrics, logger, config.NODE_ID),
    },
  ];
}

@Module({})
export class RoomModule {
  static forRoot(config: RoomConfig): DynamicModule {
    return {
      module: RoomModule,
      controllers: [RoomGrpcController, PublishGrpcController, ModerationGrpcController, SensitiveWordsGrpcController],
      providers: [
        { provide: ROOM_CONFIG, useValue: config },
        databaseProvider(roomDatabase(config)),
        redisProvider(config),
        ...kafkaProviders('room', config, [Topics.roomEvents, Topics.streamLifecycle]),
        InfrastructureLifecycle,
        ...useCaseProviders(config),
        StreamLifecycleConsumer,
        RoomJobs,
        readinessProvider(['mysql']),
      ],
    };
  }
}
