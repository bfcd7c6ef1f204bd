import type { Logger } from 'pino';

/** How often at most one socket, or the node's upgrade path, logs what it refused. */
export const REFUSAL_LOG_EVERY_MS = 60_000;

/**
 * Refusals logged at warn at most once per interval, with how many there were since the last
 * line: a flood costs one line a minute, not one per frame.
 */
export class RefusalLog {
  private loggedAt = Number.NEGATIVE_INFINITY;
  private unlogged = 0;

  constructor(
    private readonly logger: Logger,
    private readonly everyMs = REFUSAL_LOG_EVERY_MS,
  ) {}

  refused(fields: Record<string, unknown>, message: string, now = Date.now()): void {
    this.unlogged++;
    if (now - this.loggedAt < this.everyMs) return;
    this.logger.warn({ ...fields, refused: this.unlogged }, message);
    this.loggedAt = now;
    this.unlogged = 0;
  }
}
