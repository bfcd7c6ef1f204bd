import type { Cluster, Redis } from 'ioredis';

export interface LimitDecision {
  allowed: boolean;
  /** Requests counted in the current window, this one included. */
  count: number;
  /** When the current window ends. */
  resetInMs: number;
}

// INCR and the expiry of a fresh window in one step, so a crash between them cannot leave a
// counter that never expires. ioredis adds the key prefix to KEYS[1].
const SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

type ScriptedRedis = (Redis | Cluster) & {
  ovationRateLimitHit(key: string, windowMs: number): Promise<[number, number]>;
};

/**
 * A fixed-window counter per key in Redis, shared by every gateway replica: the first request
 * of a window starts it, every request counts, and requests over the limit are refused until
 * the window ends (Retry-After). Simple and exact about its window; a client can at most
 * double its rate across a window boundary.
 */
export class FixedWindowLimiter {
  private readonly redis: ScriptedRedis;

  constructor(
    redis: Redis | Cluster,
    private readonly windowMs: number,
  ) {
    if (!('ovationRateLimitHit' in redis)) redis.defineCommand('ovationRateLimitHit', { numberOfKeys: 1, lua: SCRIPT });
    this.redis = redis as ScriptedRedis;
  }

  async hit(key: string, limit: number): Promise<LimitDecision> {
    const [count, resetInMs] = await this.redis.ovationRateLimitHit(`ratelimit:${key}`, this.windowMs);
    return { allowed: count <= limit, count, resetInMs };
  }
}
