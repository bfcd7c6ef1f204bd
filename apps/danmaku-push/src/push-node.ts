import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LikePublisher, RoomClient, RoomFanout } from '@ovation/danmaku-server';
import type { GrpcClientHandle } from '@ovation/grpc';
import { DrainState } from '@ovation/health';
import { PresenceReporter, PresenceReporting, startPresenceReporting } from '@ovation/presence';
import { REDIS, RedisClient, SERVICE_LOGGER } from '@ovation/runtime';
import { cpuShareMeter, NodeHeartbeat, startNodeHeartbeat } from '@ovation/scheduler-client';
import type { Logger } from 'pino';
import { pushAdvertisement, type PushConfig } from './config';
import { PUSH_CONFIG } from './consumers/room-events.consumer';
import { ROOM_GRPC } from './room-grpc';
import { PushSocketServer } from './socket/push-socket-server';

/**
 * A push node's life: at start the fan-out window, the like publisher and the socket server
 * start, the node reports its rooms' online counts and registers with the scheduler; on
 * SIGTERM (or a drain asked through gRPC or the scheduler) it is marked draining, tells every
 * client to reconnect elsewhere (spread over DRAIN_SPREAD_MS), waits up to DRAIN_GRACE_MS and
 * then closes what is left. The room event consumer stops only after that, so viewers keep
 * receiving until they have moved.
 */
@Injectable()
export class PushNode implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private presence?: PresenceReporting;
  private heartbeat?: NodeHeartbeat;
  private drained?: Promise<void>;

  constructor(
    @Inject(PUSH_CONFIG) private readonly config: PushConfig,
    private readonly sockets: PushSocketServer,
    private readonly fanout: RoomFanout,
    private readonly likes: LikePublisher,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(ROOM_GRPC) private readonly room: GrpcClientHandle<RoomClient>,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
    private readonly drainState: DrainState,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config } = this;
    this.fanout.start();
    this.likes.start();
    const port = await this.sockets.listen();
    this.logger.info({ port }, 'WebSocket server listening');
    this.presence = startPresenceReporting({
      reporter: new PresenceReporter(this.redis),
      nodeId: config.NODE_ID,
      snapshot: () => this.fanout.presence(),
      intervalMs: config.PRESENCE_INTERVAL_MS,
      onError: (error) => this.logger.warn({ err: error }, 'online counts not reported'),
    });
    const cpu = cpuShareMeter();
    const advertised = pushAdvertisement(config, port);
    this.heartbeat = startNodeHeartbeat({
      schedulerAddress: config.SCHEDULER_GRPC_URL,
      node: {
        nodeId: config.NODE_ID,
        kind: 'push',
        address: advertised.PUSH_PUBLIC_URL,
        grpcAddress: advertised.PUSH_GRPC_ADVERTISE,
        capacity: config.PUSH_CAPACITY,
      },
      load: () => ({ load: this.sockets.size, cpu: cpu() }),
      logger: this.logger,
      onDrainRequest: (drain) => {
        if (drain) void this.drain();
      },
    });
  }

  /**
   * Moves every viewer to other nodes, their reconnects spread over `spreadMs`; resolves when
   * they are gone (or closed after the grace period). Once: later calls share the first.
   */
  drain(spreadMs = this.config.DRAIN_SPREAD_MS): Promise<void> {
    this.drained ??= (async () => {
      this.logger.info({ connections: this.sockets.size, spreadMs }, 'draining: telling clients to reconnect elsewhere');
      // Not ready from now on: the Service stops routing new viewers here, the scheduler stops placing them.
      this.drainState.begin();
      await this.heartbeat?.setDraining(true);
      await this.sockets.drain(spreadMs, this.config.DRAIN_GRACE_MS);
    })();
    return this.drained;
  }

  /**
   * Returns a drained (or draining) node to service: ready again, takes sockets again, and reports
   * not draining to the scheduler, which places viewers here again. A drain still waiting for its
   * clients to leave stops there and closes none. Nothing to do when it was not draining.
   */
  async undrain(): Promise<void> {
    if (!this.drained) return;
    this.logger.info({ connections: this.sockets.size }, 'undrain: back in service');
    this.drained = undefined;
    this.sockets.undrain();
    this.drainState.end();
    await this.heartbeat?.setDraining(false);
  }

  /** Open viewer sockets now. */
  get connections(): number {
    return this.sockets.size;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.drain();
    await this.likes.stop();
    this.fanout.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.sockets.close(), this.presence?.stop(), this.heartbeat?.stop()]);
    this.room.close();
  }
}
