import { RetryPolicy, withRetry } from '@ovation/retry';
import type { PromiseClient } from '../grpc-client';
import { CircuitBreaker } from './circuit-breaker';
import { isRetryableFailure } from './transport-failure';

export interface ResilienceOptions<NestClient> {
  /** One breaker per downstream, shared by all its methods: a dead server is dead for every call. */
  breaker: CircuitBreaker;
  retry: RetryPolicy;
  /**
   * Methods safe to call twice (reads, placements that give the same answer): only these are
   * retried. Everything else is attempted once, since a lost reply may hide a done write.
   */
  idempotent: ReadonlyArray<keyof NestClient & string>;
  onRetry?: (method: string, attempt: number, error: unknown) => void;
}

/**
 * Wraps a client so every call passes the downstream's circuit breaker, and idempotent calls
 * are retried with backoff on transport failures. Each attempt keeps its own deadline, and an
 * open circuit stops the retries at once (CircuitOpenError is never retried).
 */
export function withResilience<NestClient>(client: PromiseClient<NestClient>, options: ResilienceOptions<NestClient>): PromiseClient<NestClient> {
  const idempotent = new Set<string>(options.idempotent);
  const wrapped = Object.fromEntries(
    Object.entries(client as Record<string, (...args: unknown[]) => Promise<unknown>>).map(([method, call]) => {
      const once = (...args: unknown[]) => options.breaker.execute(() => call(...args));
      if (!idempotent.has(method)) return [method, once];
      return [
        method,
        (...args: unknown[]) => withRetry(() => once(...args), options.retry, { isRetryable: isRetryableFailure, onRetry: (attempt, error) => options.onRetry?.(method, attempt, error) }),
      ];
    }),
  );
  return wrapped as PromiseClient<NestClient>;
}
