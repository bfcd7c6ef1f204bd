import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { OnlineCountPublisher, StreamLifecycleService } from '@ovation/room-server';
import { SERVICE_LOGGER } from '@ovation/runtime';
import type { Logger } from 'pino';
import type { RoomConfig } from '../config';
import { ROOM_CONFIG } from '../room-config.token';
import { every, Periodic } from './periodic';

/**
 * The room service's clocks: ending rooms whose lost stream did not come back in time, publishing
 * online counts, and checking the live list against the database. Stopped before the
 * connections close, so no run writes into a closed pool.
 */
@Injectable()
export class RoomJobs implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private jobs: Periodic[] = [];

  constructor(
    @Inject(ROOM_CONFIG) private readonly config: RoomConfig,
    private readonly streams: StreamLifecycleService,
    private readonly onlineCounts: OnlineCountPublisher,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const { STREAM_LOSS_SWEEP_MS, ONLINE_COUNT_INTERVAL_MS, LIVE_LIST_RECONCILE_MS } = this.config;
    this.jobs = [
      every('stream-loss-sweep', STREAM_LOSS_SWEEP_MS, () => this.streams.sweepLostStreams(), this.logger),
      // The lease outlasts a few periods, so a busy leader keeps it and a dead one hands over quickly.
      every('online-counts', ONLINE_COUNT_INTERVAL_MS, () => this.onlineCounts.tick(ONLINE_COUNT_INTERVAL_MS * 3), this.logger),
      every('live-list-reconcile', LIVE_LIST_RECONCILE_MS, () => this.onlineCounts.reconcile(), this.logger),
    ];
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.jobs.map((job) => job.stop()));
  }
}
