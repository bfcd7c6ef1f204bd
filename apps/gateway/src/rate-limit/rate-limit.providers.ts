import type { Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { REDIS, type RedisClient } from '@ovation/runtime';
import type { GatewayConfig } from '../config';
import { FixedWindowLimiter } from './fixed-window-limiter';
import { RATE_LIMITS, RateLimitInterceptor, type RateLimits } from './rate-limit.interceptor';

const MINUTE_MS = 60_000;

/** Redis-backed per-IP and per-user limits on every route (RATE_LIMIT_PER_*_PER_MINUTE). */
export function rateLimitProviders(config: GatewayConfig): Provider[] {
  const limits: RateLimits = { perIpPerMinute: config.RATE_LIMIT_PER_IP_PER_MINUTE, perUserPerMinute: config.RATE_LIMIT_PER_USER_PER_MINUTE };
  return [
    { provide: FixedWindowLimiter, inject: [REDIS], useFactory: (redis: RedisClient) => new FixedWindowLimiter(redis, MINUTE_MS) },
    { provide: RATE_LIMITS, useValue: limits },
    { provide: APP_INTERCEPTOR, useClass: RateLimitInterceptor },
  ];
}
