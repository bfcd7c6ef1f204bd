import type { RedisClient } from '@ovation/redis';

/**
 * Gift effects reach the room stream at least once: a relay or the effect consumer that dies
 * between Kafka's acknowledgement and recording it publishes again. Viewers must see each order
 * once, and every push node must decide alike, so the first position an order appeared at in its
 * room is kept in Redis (SET NX): an effect at any other position is a repeat. Every node reads a
 * room's partition in order, so whichever node records an order first records its first position.
 */
export class GiftEffectFirsts {
  constructor(
    private readonly redis: RedisClient,
    /** How long an order's first position is remembered: far longer than any redelivery takes. */
    private readonly ttlSeconds = 24 * 3600,
  ) {}

  async isRepeat(roomId: string, orderId: string, position: number): Promise<boolean> {
    // The hash tag keeps one room's keys in one Cluster slot.
    const key = `gift-effect-first:{${roomId}}:${orderId}`;
    const previous = (await this.redis.call('SET', key, String(position), 'NX', 'GET', 'EX', String(this.ttlSeconds))) as string | null;
    return previous !== null && Number(previous) !== position;
  }
}
