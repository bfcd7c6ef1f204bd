import { Metadata, status } from '@grpc/grpc-js';
import { ERROR_REASON_KEY } from '../grpc-error.filter';
import { isTransportFailure } from './transport-failure';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Names the downstream in errors and metrics, e.g. `room`. */
  name: string;
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before letting trial calls through. */
  openMs: number;
  /** Trial calls allowed at once while half-open; the rest are refused until one of them answers. */
  halfOpenMaxCalls: number;
  /** Which errors count against the downstream; by default transport failures (see isTransportFailure). */
  isFailure?: (error: unknown) => boolean;
  onStateChange?: (state: CircuitState) => void;
  now?: () => number;
}

/**
 * Refused without calling: the downstream failed too often lately. Shaped like a gRPC
 * UNAVAILABLE error so transports translate it like any other (the gateway: 503 + Retry-After);
 * its reason `circuit_open` marks it as a decision, not a transport failure, so it is neither
 * retried nor counted against the downstream again.
 */
export class CircuitOpenError extends Error {
  readonly code = status.UNAVAILABLE;
  readonly metadata = new Metadata();

  constructor(
    readonly downstream: string,
    /** When the circuit lets a trial call through again. */
    readonly retryAfterMs: number,
  ) {
    super(`${downstream} is unavailable (circuit open)`);
    this.name = 'CircuitOpenError';
    this.metadata.set(ERROR_REASON_KEY, 'circuit_open');
  }

  get details(): string {
    return this.message;
  }
}

/**
 * closed → (failureThreshold consecutive failures) → open → (openMs) → half_open →
 * a trial call succeeds → closed, or fails → open again. Only failures of the dependency
 * count; a call it answered with an error of its own (not found, forbidden…) is a success.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private trialsInFlight = 0;
  private readonly now: () => number;
  private readonly isFailure: (error: unknown) => boolean;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
    this.isFailure = options.isFailure ?? isTransportFailure;
  }

  get state(): CircuitState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.openMs) this.transition('half_open');
    return this.current;
  }

  async execute<T>(call: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'open') throw new CircuitOpenError(this.options.name, this.openedAt + this.options.openMs - this.now());
    if (state === 'half_open' && this.trialsInFlight >= this.options.halfOpenMaxCalls) {
      throw new CircuitOpenError(this.options.name, this.options.openMs);
    }
    const trial = state === 'half_open';
    if (trial) this.trialsInFlight += 1;
    try {
      const result = await call();
      this.succeeded();
      return result;
    } catch (error) {
      if (this.isFailure(error)) this.failed(trial);
      else this.succeeded();
      throw error;
    } finally {
      if (trial) this.trialsInFlight -= 1;
    }
  }

  private succeeded(): void {
    this.consecutiveFailures = 0;
    if (this.current !== 'closed') this.transition('closed');
  }

  private failed(trial: boolean): void {
    this.consecutiveFailures += 1;
    if (trial || (this.current === 'closed' && this.consecutiveFailures >= this.options.failureThreshold)) {
      this.openedAt = this.now();
      this.transition('open');
    }
  }

  private transition(next: CircuitState): void {
    if (next === this.current) return;
    this.current = next;
    this.options.onStateChange?.(next);
  }
}
