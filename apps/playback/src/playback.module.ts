import { DynamicModule, Module } from '@nestjs/common';
import { resolve } from 'node:path';
import { roomV1 } from '@ovation/contracts';
import { createGrpcClient, GrpcClientHandle } from '@ovation/grpc';
import { FlvRelay, MediaStorage, PlaybackMedia, PlaybackMetrics } from '@ovation/media-server';
import { METRICS_REGISTRY } from '@ovation/observability';
import { readinessProvider, SERVICE_LOGGER } from '@ovation/runtime';
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
        PlaybackNode,
      ],
    };
  }
}
