/** Retry schedule: exponential backoff with full jitter, capped, for at least `horizonMs` in total. */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  horizonMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, capMs: 3_600_000, horizonMs: 24 * 3_600_000 };

/** Ceiling of the delay before attempt `attempt + 1` (attempt counts from 1). */
export function backoffCeilingMs(policy: BackoffPolicy, attempt: number): number {
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Delay before the next attempt: half the ceiling plus jitter over the other half (never zero). */
export function nextDelayMs(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = backoffCeilingMs(policy, attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** True while a delivery first tried at `firstAttemptAt` may still be retried at `now`. */
export function withinHorizon(policy: BackoffPolicy, firstAttemptAt: number, now: number): boolean {
  return now - firstAttemptAt < policy.horizonMs;
}
