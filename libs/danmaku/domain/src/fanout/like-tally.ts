export interface LikeTotal {
  roomId: string;
  userId: string;
  count: number;
}

const INT32_MAX = 2_147_483_647;

/** Sums like taps per user and room between flushes, so a tap storm becomes one event per user per window. */
export class LikeTally {
  private readonly totals = new Map<string, LikeTotal>();

  add(roomId: string, userId: string, count: number): void {
    const key = `${roomId}\u0000${userId}`;
    const total = this.totals.get(key);
    if (total) total.count = Math.min(INT32_MAX, total.count + count);
    else this.totals.set(key, { roomId, userId, count });
  }

  /** The totals since the last drain; the tally starts empty again. */
  drain(): LikeTotal[] {
    const totals = [...this.totals.values()];
    this.totals.clear();
    return totals;
  }
}
