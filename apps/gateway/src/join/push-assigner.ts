import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_LOGGER } from '@ovation/runtime';
import type { Logger } from 'pino';
import { SCHEDULER_CLIENT, type SchedulerClient } from '../downstream/downstream.module';
import { fallbackPushUrl } from './push-fallback';

export const PUSH_FALLBACK_URLS = Symbol('PUSH_FALLBACK_URLS');

export interface PushAssignment {
  url: string;
  nodeId: string;
  /** True when the scheduler could not place the viewer and a configured fallback URL was used. */
  degraded: boolean;
}

/**
 * The URL a viewer opens, with its room in the query (`?room=<id>`): a proxy in front of the push
 * nodes (one public URL for all of them) can then keep a room's viewers on few nodes by hashing
 * on it (ingress-nginx `upstream-hash-by: "$arg_room"`). Push nodes ignore it: the join token names the room.
 */
export function roomUrl(url: string, roomId: string): string {
  const withRoom = new URL(url);
  withRoom.searchParams.set('room', roomId);
  return withRoom.toString();
}

/** Which push node a viewer connects to: the scheduler's choice, or a fallback when it cannot answer. */
@Injectable()
export class PushAssigner {
  constructor(
    @Inject(SCHEDULER_CLIENT) private readonly scheduler: SchedulerClient,
    @Inject(PUSH_FALLBACK_URLS) private readonly fallbackUrls: readonly string[],
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async assign(roomId: string, userId: string): Promise<PushAssignment> {
    try {
      const { wsUrl, nodeId } = await this.scheduler.assignViewer({ roomId, userId });
      return { url: roomUrl(wsUrl, roomId), nodeId, degraded: false };
    } catch (error) {
      // Down, slow, circuit open, or no push node registered: a viewer is better served by a
      // configured node than by an error. Without one, the scheduler's failure is the answer.
      const url = fallbackPushUrl(roomId, this.fallbackUrls);
      if (!url) throw error;
      this.logger.warn({ err: error, roomId }, 'scheduler could not assign a push node; using a fallback URL');
      return { url: roomUrl(url, roomId), nodeId: '', degraded: true };
    }
  }
}
