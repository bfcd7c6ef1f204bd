import { kafkaCodecs, Topics } from '@ovation/contracts';
import { LikeTally } from '@ovation/danmaku-domain';
import type { EventProducer } from '@ovation/kafka';
import type { Logger } from 'pino';

/**
 * Likes are counts, not messages: taps are summed per user and room on this node and published
 * as one LikeAggregate per window. Best effort by design (a node that dies loses at most one
 * window of taps; nobody is acked for a like).
 */
export class LikePublisher {
  private readonly tally = new LikeTally();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly producer: EventProducer,
    private readonly topic: string,
    private readonly windowMs: number,
    private readonly logger: Logger,
  ) {}

  add(roomId: string, userId: string, count: number): void {
    this.tally.add(roomId, userId, count);
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.windowMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private flush(): Promise<void> {
    const totals = this.tally.drain();
    if (totals.length === 0) return this.flushing;
    const atMs = String(Date.now());
    const messages = totals.map(({ roomId, userId, count }) => ({
      key: roomId,
      value: kafkaCodecs[Topics.roomEvents].encode({ roomId, atMs, like: { userId, count } }),
    }));
    this.flushing = this.flushing
      .then(() => this.producer.sendBatch(this.topic, messages))
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn({ err: error, likes: totals.length }, 'likes not published'),
      );
    return this.flushing;
  }
}
