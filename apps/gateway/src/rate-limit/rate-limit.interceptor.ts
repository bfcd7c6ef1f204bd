import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { AuthenticatedRequest } from '@ovation/auth';
import { METRICS_REGISTRY } from '@ovation/observability';
import { SERVICE_LOGGER } from '@ovation/runtime';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { from, type Observable, switchMap } from 'rxjs';
import { FixedWindowLimiter } from './fixed-window-limiter';
import { RateLimitedException, type RateLimitScope } from './rate-limited.exception';

export interface RateLimits {
  perIpPerMinute: number;
  perUserPerMinute: number;
}
export const RATE_LIMITS = Symbol('RATE_LIMITS');

type LimitedRequest = AuthenticatedRequest & { ip?: string };

// A slow Redis must not slow every request down: past this, the check is skipped like a failed one.
const CHECK_BUDGET_MS = 250;

function withinBudget<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_BUDGET_MS} ms`)), CHECK_BUDGET_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Per client IP and, once the AuthGuard has identified the caller, per user: each request counts
 * against both windows and is refused with 429 + Retry-After when either is full. Redis being
 * unreachable or slow lets requests through (logged and counted): a limiter must not take the API down.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  private readonly refused: Counter<'scope'>;
  private readonly failures: Counter;

  constructor(
    private readonly limiter: FixedWindowLimiter,
    @Inject(RATE_LIMITS) private readonly limits: RateLimits,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.refused = new Counter({ name: 'ovation_gateway_rate_limited_total', help: 'Requests refused with 429, by limit scope', labelNames: ['scope'], registers: [registry] });
    this.failures = new Counter({ name: 'ovation_gateway_rate_limit_errors_total', help: 'Rate limit checks skipped because Redis did not answer', registers: [registry] });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<LimitedRequest>();
    return from(this.check(request)).pipe(switchMap(() => next.handle()));
  }

  private async check(request: LimitedRequest): Promise<void> {
    const checks: [RateLimitScope, string, number][] = [['ip', request.ip ?? 'unknown', this.limits.perIpPerMinute]];
    if (request.principal) checks.push(['user', request.principal.userId, this.limits.perUserPerMinute]);
    for (const [scope, id, limit] of checks) {
      if (limit <= 0) continue;
      let decision;
      try {
        decision = await withinBudget(this.limiter.hit(`${scope}:${id}`, limit));
      } catch (error) {
        this.failures.inc();
        this.logger.warn({ err: error, scope }, 'rate limit check failed; letting the request through');
        continue;
      }
      if (!decision.allowed) {
        this.refused.inc({ scope });
        throw new RateLimitedException(scope, Math.ceil(decision.resetInMs / 1000));
      }
    }
  }
}
