import { ComboState, nextCombo } from '@ovation/gift-domain';
import type { RedisClient } from '@ovation/redis';

interface StoredCombo extends ComboState {
  eventId: string;
}

/**
 * Remembers each sender's last gift per room in Redis. The effect consumer handles one room's
 * events in order (one partition, one consumer), so read-then-write is safe here; a redelivered
 * event gets the count it got the first time.
 */
export class ComboCounter {
  constructor(
    private readonly redis: RedisClient,
    private readonly windowMs: number,
  ) {}

  async next(roomId: string, senderId: string, send: { eventId: string; giftId: string; comboAble: boolean; atMs: number }): Promise<number> {
    const key = `gift:combo:${roomId}:${senderId}`;
    const raw = await this.redis.get(key);
    const previous = raw ? (JSON.parse(raw) as StoredCombo) : undefined;
    if (previous?.eventId === send.eventId) return previous.count;
    const state = nextCombo(previous, send, this.windowMs);
    await this.redis.set(key, JSON.stringify({ ...state, eventId: send.eventId }), 'PX', this.windowMs * 2);
    return state.count;
  }
}
