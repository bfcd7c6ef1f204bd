/** The leaderboard buckets one gift counts in, named in UTC so every replica agrees. */
export interface RankingBuckets {
  /** e.g. 2025-03-07 */
  day: string;
  /** ISO week, e.g. 2025-W10 */
  week: string;
}

export function rankingBuckets(atMs: number): RankingBuckets {
  const date = new Date(atMs);
  return { day: date.toISOString().slice(0, 10), week: isoWeek(date) };
}

function isoWeek(date: Date): string {
  // The ISO week belongs to the year of its Thursday.
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7));
  const january4 = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((thursday.getTime() - january4.getTime()) / 86_400_000 - 3 + ((january4.getUTCDay() + 6) % 7)) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
