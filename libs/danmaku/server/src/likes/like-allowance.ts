import type { LikeTotal } from '@ovation/danmaku-domain';
import type { RedisClient } from '@ovation/redis';
import { TOKEN_BUCKET_LUA } from '../limits/token-bucket-lua';

/** Taps one user may add to one room, whatever the sockets and nodes they come from: a burst, then one more every interval. */
export interface LikeCap {
  burst: number;
  intervalMs: number;
}

/**
 * Each user's share of their taps in one room, in one atomic call: every user's bucket grants
 * what it holds (whole taps) up to what was asked, and keeps the rest. The buckets are
 * TOKEN_BUCKET_LUA's.
 * KEYS: each user's bucket (one hash tag: the room). ARGV: burst, taps per second, then each user's taps.
 */
const LIKE_ALLOWANCE_SCRIPT = `${TOKEN_BUCKET_LUA}
local burst, rate = tonumber(ARGV[1]), tonumber(ARGV[2])
local granted = {}
for i, key in ipairs(KEYS) do
  local tokens = level(key, burst, rate)
  local grant = math.max(0, math.min(math.floor(tokens), tonumber(ARGV[i + 2])))
  store(key, tokens - grant, burst, rate)
  granted[i] = grant
end
return granted
`;

type ScriptedRedis = RedisClient & {
  ovationDanmakuLikeAllowance(keyCount: number, ...keysThenArgs: Array<string | number>): Promise<number[]>;
};

/** The per-user cap on likes, in Redis, shared by every push node (the write path's rate limits work the same way). */
export class LikeAllowance {
  private readonly redis: ScriptedRedis;

  constructor(
    redis: RedisClient,
    private readonly cap: LikeCap,
  ) {
    if (!('ovationDanmakuLikeAllowance' in redis)) redis.defineCommand('ovationDanmakuLikeAllowance', { lua: LIKE_ALLOWANCE_SCRIPT });
    this.redis = redis as ScriptedRedis;
  }

  /** The same totals, each cut to what its user may still add to the room (one room's totals per call). */
  async grant(roomId: string, totals: readonly LikeTotal[]): Promise<LikeTotal[]> {
    const keys = totals.map(({ userId }) => `danmaku:likes:{${roomId}}:user:${userId}`);
    const granted = await this.redis.ovationDanmakuLikeAllowance(
      keys.length,
      ...keys,
      this.cap.burst,
      1000 / this.cap.intervalMs,
      ...totals.map(({ count }) => count),
    );
    return totals.map((total, i) => ({ ...total, count: Number(granted[i]) }));
  }
}
