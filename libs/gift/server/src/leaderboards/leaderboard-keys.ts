import { rankingBuckets } from '@ovation/gift-domain';

export type RankingPeriod = 'day' | 'week' | 'all';

/** Redis keys of the leaderboards (REDIS_KEY_PREFIX is added by the client). */
export const leaderboardKeys = {
  room: (roomId: string) => `gift:lb:room:${roomId}`,
  streamers: (period: RankingPeriod, atMs: number) => {
    if (period === 'all') return 'gift:lb:streamers:all';
    return `gift:lb:streamers:${period}:${rankingBuckets(atMs)[period]}`;
  },
  names: 'gift:lb:names',
  counted: (eventId: string) => `gift:lb:counted:${eventId}`,
};

/** Day and week boards outlive their period a little, for "yesterday" / "last week" views. */
export const PERIOD_TTL_SECONDS: Record<Exclude<RankingPeriod, 'all'>, number> = { day: 8 * 86_400, week: 5 * 7 * 86_400 };
/** How long an event id is remembered as counted: far longer than any redelivery. */
export const COUNTED_TTL_SECONDS = 7 * 86_400;
