/**
 * How much plain chat one room may fan out from this node: a token bucket refilled at the rate
 * of the moment (a room's rate follows its size), holding at most one second's worth, so a burst
 * is smoothed and a sustained flood is cut to the rate.
 */
export class ChatBudget {
  /** Starts full: the first second's worth is granted at once. */
  private tokens = Number.POSITIVE_INFINITY;

  constructor(private updatedAt: number) {}

  /** Grants up to `wanted` messages now at `perSecond` and spends them. */
  take(wanted: number, nowMs: number, perSecond: number): number {
    // A clock set back refills nothing (and takes nothing back).
    const elapsedMs = Math.max(0, nowMs - this.updatedAt);
    this.tokens = Math.min(perSecond, this.tokens + (elapsedMs * perSecond) / 1000);
    this.updatedAt = nowMs;
    const granted = Math.min(wanted, Math.floor(this.tokens));
    this.tokens -= granted;
    return granted;
  }
}
