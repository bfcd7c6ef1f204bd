import { kafkaCodecs, Topics } from '@ovation/contracts';
import { LikeTally, LikeTotal } from '@ovation/danmaku-domain';
import type { EventProducer } from '@ovation/kafka';
import type { Logger } from 'pino';
import type { PushMetrics } from '../metrics/push-metrics';
import type { LikeAllowance } from './like-allowance';

export interface LikePublisherDeps {
  producer: EventProducer;
  allowance: LikeAllowance;
  metrics: PushMetrics;
  logger: Logger;
}

/**
 * Likes are counts, not messages: taps are summed per user and room on this node and, once per
 * window, cut to each user's cap (LikeAllowance, shared by every node, so more sockets or nodes
 * do not multiply it) and published as one LikeAggregate per user. Best effort by design (a node
 * that dies loses at most one window of taps; nobody is acked for a like).
 */
export class LikePublisher {
  private readonly tally = new LikeTally();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: LikePublisherDeps,
    private readonly options: { topic: string; windowMs: number },
  ) {}

  add(roomId: string, userId: string, count: number): void {
    this.tally.add(roomId, userId, count);
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.options.windowMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private flush(): Promise<void> {
    const totals = this.tally.drain();
    if (totals.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.publish(totals));
    return this.flushing;
  }

  private async publish(totals: LikeTotal[]): Promise<void> {
    const { producer, metrics, logger } = this.deps;
    try {
      const granted = (await Promise.all([...byRoom(totals)].map(([roomId, ofRoom]) => this.deps.allowance.grant(roomId, ofRoom)))).flat();
      const asked = totals.reduce((sum, { count }) => sum + count, 0);
      const kept = granted.filter(({ count }) => count > 0);
      metrics.likesCapped.inc(asked - kept.reduce((sum, { count }) => sum + count, 0));
      if (kept.length === 0) return;
      const atMs = String(Date.now());
      const messages = kept.map(({ roomId, userId, count }) => ({
        key: roomId,
        value: kafkaCodecs[Topics.roomEvents].encode({ roomId, atMs, like: { userId, count } }),
      }));
      await producer.sendBatch(this.options.topic, messages);
    } catch (error) {
      logger.warn({ err: error, likes: totals.length }, 'likes not published');
    }
  }
}

function byRoom(totals: LikeTotal[]): Map<string, LikeTotal[]> {
  const rooms = new Map<string, LikeTotal[]>();
  for (const total of totals) {
    const ofRoom = rooms.get(total.roomId);
    if (ofRoom) ofRoom.push(total);
    else rooms.set(total.roomId, [total]);
  }
  return rooms;
}
