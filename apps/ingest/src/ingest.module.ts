import { DynamicModule, Module } from '@nestjs/common';
import { resolve } from 'node:path';
import { roomV1, Topics } from '@ovation/contracts';
import { createGrpcClient, GrpcClientHandle } from '@ovation/grpc';
import { EventProducer, namespacedTopic } from '@ovation/kafka';
import { parseLadder } from '@ovation/media-domain';
import { EndedRooms, IngestMetrics, IngestStreams, LifecycleEvents, MediaStorage, roomPublishAuthorizer, RtmpOrigin } from '@ovation/media-server';
import { METRICS_REGISTRY } from '@ovation/observability';
import { InfrastructureLifecycle, KAFKA, kafkaProviders, readinessProvider, SERVICE_LOGGER } from '@ovation/runtime';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { IngestConfig } from './config';
import { IngestGrpcController } from './grpc/ingest.grpc-controller';
import { IngestNode } from './media/ingest-node';
import { INGEST_CONFIG, ROOM_CLIENT } from './media/tokens';

/** RTMP in (node-media-server), authorization by room, the ffmpeg ladder, stream lifecycle events out. */
@Module({})
export class IngestModule {
  static forRoot(config: IngestConfig): DynamicModule {
    const ladder = parseLadder(config.HLS_RENDITIONS);
    const flvHost = config.FLV_BIND_HOST || config.ADVERTISED_HOST;
    return {
      module: IngestModule,
      controllers: [IngestGrpcController],
      providers: [
        ...kafkaProviders('ingest', config, [Topics.streamLifecycle, Topics.roomEvents]),
        InfrastructureLifecycle,
        readinessProvider(['kafka']),
        { provide: INGEST_CONFIG, useValue: config },
        { provide: MediaStorage, useValue: new MediaStorage(config.MEDIA_DIR || resolve('.ovation/media', config.NODE_ID)) },
        { provide: IngestMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new IngestMetrics(registry) },
        {
          provide: RtmpOrigin,
          inject: [SERVICE_LOGGER, IngestMetrics],
          useFactory: (logger: Logger, metrics: IngestMetrics) => {
            const origin = new RtmpOrigin({
              bind: '0.0.0.0',
              rtmpPort: config.RTMP_PORT,
              flvPort: config.FLV_PORT,
              flvBind: flvHost,
              flvSecret: config.FLV_ORIGIN_SECRET,
              publishGraceMs: config.PUBLISH_GRACE_MS,
              publishApp: config.RTMP_APP,
              logger,
            });
            metrics.countReceivedBytes(() => origin.receivedBytes());
            origin.on('playRefused', (protocol, reason) => {
              metrics.playRefusals.inc({ protocol, reason });
              logger.warn({ protocol, reason }, 'play refused: ingest serves HTTP-FLV to playback only, with the pull credential');
            });
            return origin;
          },
        },
        {
          provide: ROOM_CLIENT,
          useFactory: () =>
            createGrpcClient<roomV1.RoomServiceClient>({ domain: 'room', service: 'RoomService', address: config.ROOM_GRPC_URL, defaultDeadlineMs: config.GRPC_DEADLINE_MS }),
        },
        {
          provide: LifecycleEvents,
          inject: [EventProducer, SERVICE_LOGGER],
          useFactory: (producer: EventProducer, logger: Logger) =>
            new LifecycleEvents(producer, namespacedTopic(config.KAFKA_NAMESPACE, Topics.streamLifecycle), config.NODE_ID, logger),
        },
        {
          provide: IngestStreams,
          inject: [RtmpOrigin, ROOM_CLIENT, LifecycleEvents, MediaStorage, IngestMetrics, SERVICE_LOGGER],
          useFactory: (origin: RtmpOrigin, room: GrpcClientHandle<roomV1.RoomServiceClient>, events: LifecycleEvents, storage: MediaStorage, metrics: IngestMetrics, logger: Logger) =>
            new IngestStreams(origin, roomPublishAuthorizer(room.client), events, storage, metrics, {
              nodeId: config.NODE_ID,
              publishApp: config.RTMP_APP,
              flvOriginUrl: `http://${config.ADVERTISED_HOST}:${config.FLV_PORT}`,
              flvLocalUrl: `http://${flvHost}:${config.FLV_PORT}`,
              flvSecret: config.FLV_ORIGIN_SECRET,
              playbackPublicUrl: config.PLAYBACK_PUBLIC_URL,
              pipeline: {
                ffmpegPath: config.FFMPEG_PATH,
                ladder,
                segmentSeconds: config.HLS_SEGMENT_SECONDS,
                playlistSize: config.HLS_PLAYLIST_SIZE,
                preset: config.X264_PRESET,
                thumbnailEverySeconds: config.THUMBNAIL_INTERVAL_SECONDS,
                thumbnailHeight: config.THUMBNAIL_HEIGHT,
                recordingSegmentSeconds: config.RECORDING_SEGMENT_SECONDS,
                firstSegmentTimeoutMs: (config.HLS_SEGMENT_SECONDS * 3 + 5) * 1000,
              },
            }, logger),
        },
        {
          provide: EndedRooms,
          inject: [KAFKA, IngestStreams, SERVICE_LOGGER],
          useFactory: (kafka: Kafka, streams: IngestStreams, logger: Logger) =>
            new EndedRooms(kafka, {
              kafkaNamespace: config.KAFKA_NAMESPACE,
              service: 'ingest',
              nodeId: config.NODE_ID,
              partitions: config.KAFKA_TOPIC_PARTITIONS,
              ended: async (roomId, reason) => {
                if (await streams.cut(roomId, `the room ended (${reason || 'no reason given'})`)) logger.info({ roomId, reason }, 'room ended: its stream was cut');
              },
            }),
        },
        IngestNode,
      ],
    };
  }
}
