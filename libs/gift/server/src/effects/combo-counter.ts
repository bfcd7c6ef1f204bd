import { ComboState, nextCombo } from '@ovation/gift-domain';
import type { RedisClient } from '@ovation/redis';

/** A sender's combo in a room, and the counts its latest events were given. */
interface StoredCombo extends ComboState {
  counts: Record<string, number>;
}

/** Events whose counts are kept per sender and room: far more than a redelivered batch holds. */
const REMEMBERED_EVENTS = 200;
/** Kept well past the combo window: a batch comes again only after its group recovered (a broker restart takes ~20 s). */
const REMEMBERED_MS = 10 * 60_000;

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
 * events in order (one partition, one consumer), so read-then-write is safe here. A batch is
 * written before its effects are produced; if it fails and comes again, its events get the
 * counts they got the first time (kept beside the state), not new ones.
 */
export class ComboCounter {
  constructor(
    private readonly redis: RedisClient,
    private readonly windowMs: number,
  ) {}

  /** The combo count of each send, in order: one read and one write per sender and room. */
  async next(sends: ComboSend[]): Promise<number[]> {
    const keyOf = (send: ComboSend) => `gift:combo:${send.roomId}:${send.senderId}`;
    const keys = [...new Set(sends.map(keyOf))];
    // One command per key, not MGET: on Redis Cluster the keys live in different slots.
    // Auto-pipelining still sends them in one write.
    const stored = await Promise.all(keys.map((key) => this.redis.get(key)));
    const combos = new Map(keys.map((key, index) => [key, parse(stored[index])]));
    const counts = sends.map((send) => {
      const key = keyOf(send);
      const combo = combos.get(key);
      const known = combo?.counts[send.eventId];
      if (known !== undefined) return known;
      const state = nextCombo(combo, send, this.windowMs);
      combos.set(key, { ...state, counts: { ...combo?.counts, [send.eventId]: state.count } });
      return state.count;
    });
    await Promise.all(keys.map((key) => this.redis.set(key, JSON.stringify(latest(combos.get(key)!)), 'PX', Math.max(this.windowMs * 2, REMEMBERED_MS))));
    return counts;
  }
}

/** The combo with only its most recent event counts (objects keep insertion order). */
function latest(combo: StoredCombo): StoredCombo {
  const events = Object.entries(combo.counts);
  return events.length <= REMEMBERED_EVENTS ? combo : { ...combo, counts: Object.fromEntries(events.slice(-REMEMBERED_EVENTS)) };
}

function parse(raw: string | null): StoredCombo | undefined {
  if (!raw) return undefined;
  const combo = JSON.parse(raw) as Partial<StoredCombo>;
  return { giftId: combo.giftId ?? '', count: combo.count ?? 0, atMs: combo.atMs ?? 0, counts: combo.counts ?? {} };
}
