export interface RetryPolicy {
  /** Attempts in total, the first included (1 = never retry). */
  attempts: number;
  /** The backoff before the second attempt; it doubles for each later one, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RetryHooks {
  /** Which failures are worth another attempt (the caller's transport knows). */
  isRetryable: (error: unknown) => boolean;
  onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
  /** 0 ≤ x < 1; injected by tests. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The wait before attempt `attempt + 1`: exponential, capped, with "equal jitter" (half fixed,
 * half random) so callers that failed together do not come back together.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `call` until it succeeds, fails with an error not worth retrying, or runs out of attempts. */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy, hooks: RetryHooks): Promise<T> {
  const sleep = hooks.sleep ?? sleepFor;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= policy.attempts || !hooks.isRetryable(error)) throw error;
      const delayMs = backoffDelay(policy, attempt, hooks.random);
      hooks.onRetry?.(attempt, error, delayMs);
      await sleep(delayMs);
    }
  }
}
