import type { Provider } from '@nestjs/common';
import { ArchiveReader, ChatArchiver, RoomClient, roomLiveSince } from '@ovation/danmaku-server';
import type { GrpcClientHandle } from '@ovation/grpc';
import { METRICS_REGISTRY } from '@ovation/observability';
import { databaseProvider, KAFKA, SERVICE_LOGGER } from '@ovation/runtime';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { PushConfig } from './config';
import { ArchiveConsumer } from './consumers/archive.consumer';
import { pushDatabase } from './database';
import { ROOM_GRPC } from './room-grpc';
import { ArchiveGrpcController } from './grpc/archive.grpc-controller';

/** The chat archive of a push node: its database, the archiving consumer (unless disabled) and replay reads. */
export function archiveProviders(config: PushConfig): Provider[] {
  return [
    databaseProvider(pushDatabase(config)),
    {
      provide: ChatArchiver,
      inject: [DataSource, ROOM_GRPC],
      useFactory: (dataSource: DataSource, room: GrpcClientHandle<RoomClient>) => new ChatArchiver(dataSource, roomLiveSince(room.client)),
    },
    { provide: ArchiveReader, inject: [DataSource], useFactory: (dataSource: DataSource) => new ArchiveReader(dataSource) },
    ...(config.ARCHIVE_ENABLED
      ? [
          {
            provide: ArchiveConsumer,
            inject: [KAFKA, ChatArchiver, SERVICE_LOGGER, METRICS_REGISTRY],
            useFactory: (kafka: Kafka, archiver: ChatArchiver, logger: Logger, registry: Registry) =>
              new ArchiveConsumer(kafka, archiver, config, logger.child({ component: 'archive' }), registry),
          },
        ]
      : []),
  ];
}

export const archiveControllers = [ArchiveGrpcController];
