import { DynamicModule, Module } from '@nestjs/common';
import { resolve } from 'node:path';
import { roomV1, Topics } from '@ovation/contracts';
import { createGrpcClient, GrpcClientHandle } from '@ovation/grpc';
import { EndedRooms, FlvRelay, MediaStorage, PlaybackMedia, PlaybackMetrics } from '@ovation/media-server';
import { METRICS_REGISTRY } from '@ovation/observability';
import { InfrastructureLifecycle, KAFKA, kafkaProviders, readinessProvider, SERVICE_LOGGER } from '@ovation/runtime';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { PlaybackConfig } from './config';
import { PlaybackGrpcController } from './grpc/playback.grpc-controller';
import { LiveController } from './http/live.controller';
import { ThumbnailsController } from './http/thumbnails.controller';
import { VodController } from './http/vod.controller';
import { PlaybackNode } from './media/playback-node';
import { PLAYBACK_CONFIG, ROOM_CLIENT } from './media/tokens';

/** Live HLS and HTTP-FLV, VOD and replay documents, behind signed URLs; files from the shared media directory. */
@Module({})
export class PlaybackModule {
  static forRoot(config: PlaybackConfig): DynamicModule {
    return {
      module: PlaybackModule,
      controllers: [LiveController, VodController, ThumbnailsController, PlaybackGrpcController],
      providers: [
        // Kafka tells it which rooms ended; it serves without (what is on disk), so it does not gate readiness.
        ...kafkaProviders('playback', config, [Topics.roomEvents]),
        InfrastructureLifecycle,
        readinessProvider([]),
        { provide: PLAYBACK_CONFIG, useValue: config },
        { provide: PlaybackMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new PlaybackMetrics(registry) },
        {
          provide: ROOM_CLIENT,
          useFactory: () =>
            createGrpcClient<roomV1.RoomServiceClient>({ domain: 'room', service: 'RoomService', address: config.ROOM_GRPC_URL, defaultDeadlineMs: config.GRPC_DEADLINE_MS }),
        },
        {
          provide: PlaybackMedia,
          inject: [PlaybackMetrics, ROOM_CLIENT],
          useFactory: (metrics: PlaybackMetrics, room: GrpcClientHandle<roomV1.RoomServiceClient>) =>
            new PlaybackMedia(new MediaStorage(config.MEDIA_DIR || resolve('.ovation/media', config.NODE_ID)), metrics, {
              signingSecret: config.PLAYBACK_SIGNING_SECRET,
              publicUrl: config.PLAYBACK_PUBLIC_URL,
              gatewayUrl: config.GATEWAY_PUBLIC_URL,
            }, async (roomId) => Number((await room.client.getRoom({ roomId })).room?.liveAt ?? 0)),
        },
        {
          provide: FlvRelay,
          inject: [PlaybackMetrics, SERVICE_LOGGER],
          useFactory: (metrics: PlaybackMetrics, logger: Logger) => new FlvRelay({ maxPendingBytes: config.FLV_MAX_PENDING_BYTES, originSecret: config.FLV_ORIGIN_SECRET }, metrics, logger.child({ component: 'flv-relay' })),
        },
        {
          provide: EndedRooms,
          inject: [KAFKA, PlaybackMedia, FlvRelay, SERVICE_LOGGER],
          useFactory: (kafka: Kafka, media: PlaybackMedia, relay: FlvRelay, logger: Logger) =>
            new EndedRooms(kafka, {
              kafkaNamespace: config.KAFKA_NAMESPACE,
              service: 'playback',
              nodeId: config.NODE_ID,
              partitions: config.KAFKA_TOPIC_PARTITIONS,
              ended: (roomId, reason) => {
                media.roomEnded(roomId);
                relay.closeRoom(roomId);
                logger.info({ roomId, reason }, 'room ended: its live media refused, its FLV viewers cut');
              },
            }),
        },
        PlaybackNode,
      ],
    };
  }
}
