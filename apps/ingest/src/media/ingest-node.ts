import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { cpus, loadavg } from 'node:os';
import { roomV1 } from '@ovation/contracts';
import type { GrpcClientHandle } from '@ovation/grpc';
import { EndedRooms, IngestStreams, RtmpOrigin } from '@ovation/media-server';
import { SERVICE_LOGGER } from '@ovation/runtime';
import { NodeHeartbeat, startNodeHeartbeat } from '@ovation/scheduler-client';
import type { Logger } from 'pino';
import { INGEST_CONFIG, ROOM_CLIENT } from './tokens';
import type { IngestConfig } from '../config';

/**
 * The ingest node's own lifecycle: RTMP and the HTTP-FLV origin listen once the app is up, the
 * node registers with the scheduler (active streams as its load); at shutdown it drains, stops
 * every stream (finalizing recordings, telling Kafka) and closes its listeners.
 */
@Injectable()
export class IngestNode implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private heartbeat?: NodeHeartbeat;

  constructor(
    private readonly origin: RtmpOrigin,
    private readonly streams: IngestStreams,
    private readonly endedRooms: EndedRooms,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(ROOM_CLIENT) private readonly room: GrpcClientHandle<roomV1.RoomServiceClient>,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.origin.start();
    // Rooms ended by their owner or an admin are cut here the moment the event arrives.
    await this.endedRooms.start();
    this.logger.info({ rtmpPort: this.config.RTMP_PORT, flvPort: this.config.FLV_PORT, app: this.config.RTMP_APP }, 'RTMP ingest and HTTP-FLV origin listening');
    const { ADVERTISED_HOST: host } = this.config;
    this.heartbeat = startNodeHeartbeat({
      schedulerAddress: this.config.SCHEDULER_GRPC_URL,
      node: {
        nodeId: this.config.NODE_ID,
        kind: 'ingest',
        address: this.config.RTMP_PUBLIC_URL || `rtmp://${host}:${this.config.RTMP_PORT}/${this.config.RTMP_APP}`,
        grpcAddress: `${host}:${this.config.GRPC_PORT}`,
        capacity: this.config.STREAM_CAPACITY,
      },
      // ffmpeg does the work in child processes, which a process CPU meter would not see: the machine's load it is.
      load: () => ({ load: this.streams.active().length, cpu: Math.min(1, loadavg()[0] / cpus().length) }),
      logger: this.logger,
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.heartbeat?.setDraining(true);
    await this.endedRooms.stop();
    await this.streams.stopAll();
    await this.origin.stop();
    await this.heartbeat?.stop();
    this.room.close();
  }
}
