/**
 * How much plain chat one room may fan out from this node: a token bucket refilled at
 * `perSecond`, holding at most one second's worth, so a burst is smoothed and a sustained
 * flood is cut to the rate.
 */
export class ChatBudget {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perSecond: number,
    nowMs: number,
  ) {
    this.tokens = perSecond;
    this.updatedAt = nowMs;
  }

  /** Grants up to `wanted` messages now and spends them. */
  take(wanted: number, nowMs: number): number {
    this.tokens = Math.min(this.perSecond, this.tokens + ((nowMs - this.updatedAt) * this.perSecond) / 1000);
    this.updatedAt = nowMs;
    const granted = Math.min(wanted, Math.floor(this.tokens));
    this.tokens -= granted;
    return granted;
  }
}
