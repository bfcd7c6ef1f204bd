import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { roomV1 } from '@ovation/contracts';
import type { GrpcClientHandle } from '@ovation/grpc';
import { EndedRooms, FlvRelay } from '@ovation/media-server';
import { SERVICE_LOGGER } from '@ovation/runtime';
import { cpuShareMeter, NodeHeartbeat, startNodeHeartbeat } from '@ovation/scheduler-client';
import type { Logger } from 'pino';
import type { PlaybackConfig } from '../config';
import { PLAYBACK_CONFIG, ROOM_CLIENT } from './tokens';

/** Registers the playback node with the scheduler (HTTP-FLV viewers as its load); drains, cuts its relays and closes its clients at shutdown. */
@Injectable()
export class PlaybackNode implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private heartbeat?: NodeHeartbeat;

  constructor(
    private readonly relay: FlvRelay,
    private readonly endedRooms: EndedRooms,
    @Inject(PLAYBACK_CONFIG) private readonly config: PlaybackConfig,
    @Inject(ROOM_CLIENT) private readonly room: GrpcClientHandle<roomV1.RoomServiceClient>,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.endedRooms.start();
    const cpu = cpuShareMeter();
    this.heartbeat = startNodeHeartbeat({
      schedulerAddress: this.config.SCHEDULER_GRPC_URL,
      node: {
        nodeId: this.config.NODE_ID,
        kind: 'playback',
        address: this.config.PLAYBACK_PUBLIC_URL,
        grpcAddress: `${this.config.ADVERTISED_HOST}:${this.config.GRPC_PORT}`,
        capacity: this.config.VIEWER_CAPACITY,
      },
      load: () => ({ load: this.relay.viewerCount(), cpu: cpu() }),
      logger: this.logger,
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.heartbeat?.setDraining(true);
    await this.endedRooms.stop();
    this.relay.closeAll();
    await this.heartbeat?.stop();
    this.room.close();
  }
}
