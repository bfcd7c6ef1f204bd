import { requireId } from '@ovation/ids';
import type { RedisClient } from '@ovation/redis';
import { leaderboardKeys, RankingPeriod } from './leaderboard-keys';

export interface Ranked {
  rank: number;
  userId: string;
  displayName: string;
  /** Minor units (Redis scores are doubles: exact up to 2^53). */
  totalValue: bigint;
}

export const LEADERBOARD_LIMIT_DEFAULT = 10;
export const LEADERBOARD_LIMIT_MAX = 100;

export class LeaderboardQueries {
  constructor(
    private readonly redis: RedisClient,
    private readonly now: () => number = Date.now,
  ) {}

  async room(roomId: string, limit: number): Promise<Ranked[]> {
    return this.top(leaderboardKeys.room(requireId('roomId', roomId)), limit, true);
  }

  streamers(period: RankingPeriod, limit: number): Promise<Ranked[]> {
    return this.top(leaderboardKeys.streamers(period, this.now()), limit, false);
  }

  private async top(key: string, limit: number, withNames: boolean): Promise<Ranked[]> {
    const size = Math.min(Math.max(limit || LEADERBOARD_LIMIT_DEFAULT, 1), LEADERBOARD_LIMIT_MAX);
    const flat = await this.redis.zrevrange(key, 0, size - 1, 'WITHSCORES');
    const userIds = flat.filter((_, i) => i % 2 === 0);
    const names = withNames && userIds.length ? await this.redis.hmget(leaderboardKeys.names, ...userIds) : [];
    return userIds.map((userId, i) => ({
      rank: i + 1,
      userId,
      displayName: names[i] ?? userId,
      totalValue: BigInt(Math.round(Number(flat[i * 2 + 1]))),
    }));
  }
}
