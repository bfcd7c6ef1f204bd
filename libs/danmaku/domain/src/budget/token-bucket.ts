/** A burst, then `perSecond` more each second (fractions accrue). */
export interface Rate {
  burst: number;
  perSecond: number;
}

/**
 * A token bucket on a clock passed in (milliseconds). `take` spends only what is there; `spend`
 * may leave the bucket in debt, so what was spent past its level is paid back before the next take.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly rate: Rate,
    now: number,
  ) {
    if (!(rate.burst > 0) || !(rate.perSecond > 0)) throw new RangeError('a rate needs a positive burst and a positive perSecond');
    this.tokens = rate.burst;
    this.at = now;
  }

  /** Takes `cost` tokens and answers 0, or takes nothing and answers the milliseconds until `cost` would be there. */
  take(now: number, cost = 1): number {
    const wait = this.waitMs(now, cost);
    if (wait === 0) this.tokens -= cost;
    return wait;
  }

  /** Spends `cost` tokens whatever the level. */
  spend(now: number, cost: number): void {
    this.refill(now);
    this.tokens -= cost;
  }

  /** Milliseconds until `cost` tokens (at most the burst) are there; 0: now. */
  waitMs(now: number, cost = 1): number {
    this.refill(now);
    const missing = cost - this.tokens;
    if (missing <= 0) return 0;
    // At least 1 ms, and not one more for a float's last bit (0.002 tokens at 2/s is 1 ms, not 1.0000000000000009).
    return Math.max(1, Math.ceil((missing * 1000) / this.rate.perSecond - 1e-6));
  }

  private refill(now: number): void {
    // A clock set back refills nothing (and does not move `at` back, which would refill twice).
    if (now <= this.at) return;
    this.tokens = Math.min(this.rate.burst, this.tokens + ((now - this.at) * this.rate.perSecond) / 1000);
    this.at = now;
  }
}
