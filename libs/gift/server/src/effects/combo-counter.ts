import { ComboState, nextCombo } from '@ovation/gift-domain';
import { execPipeline, type RedisClient } from '@ovation/redis';

interface StoredCombo extends ComboState {
  eventId: string;
}

export interface ComboSend {
  roomId: string;
  senderId: string;
  eventId: string;
  giftId: string;
  comboAble: boolean;
  atMs: number;
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

  /** The combo count of each send, in order: one read and one write for all of them. */
  async next(sends: ComboSend[]): Promise<number[]> {
    const keyOf = (send: ComboSend) => `gift:combo:${send.roomId}:${send.senderId}`;
    const keys = [...new Set(sends.map(keyOf))];
    if (!keys.length) return [];
    const stored = await this.redis.mget(...keys);
    const combos = new Map<string, StoredCombo | undefined>(keys.map((key, index) => [key, stored[index] ? (JSON.parse(stored[index]!) as StoredCombo) : undefined]));
    const changed = new Set<string>();
    const counts = sends.map((send) => {
      const key = keyOf(send);
      const previous = combos.get(key);
      if (previous?.eventId === send.eventId) return previous.count;
      const state = nextCombo(previous, send, this.windowMs);
      combos.set(key, { ...state, eventId: send.eventId });
      changed.add(key);
      return state.count;
    });
    if (changed.size) {
      const writes = this.redis.pipeline();
      for (const key of changed) writes.set(key, JSON.stringify(combos.get(key)), 'PX', this.windowMs * 2);
      await execPipeline(writes);
    }
    return counts;
  }
}
