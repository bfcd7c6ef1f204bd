import type { ConsumedMessage } from '@ovation/kafka';
import type { RedisClient } from '@ovation/redis';
import type { GiftMetrics } from '../metrics/gift-metrics';
import { giftSendsOf } from '../orders/gift-event';
import { COUNTED_TTL_SECONDS, leaderboardKeys, PERIOD_TTL_SECONDS } from './leaderboard-keys';

// One script, so "counted?" and the increments are one atomic step: a redelivered event is
// either counted whole or skipped whole. Its keys span several hash slots: on Redis Cluster the
// boards need a shared hash tag (or the script split) first.
const COUNT_GIFT = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[5]) then return 0 end
redis.call('ZINCRBY', KEYS[2], ARGV[3], ARGV[1])
redis.call('ZINCRBY', KEYS[3], ARGV[3], ARGV[2])
redis.call('EXPIRE', KEYS[3], ARGV[6])
redis.call('ZINCRBY', KEYS[4], ARGV[3], ARGV[2])
redis.call('EXPIRE', KEYS[4], ARGV[7])
redis.call('ZINCRBY', KEYS[5], ARGV[3], ARGV[2])
redis.call('HSET', KEYS[6], ARGV[1], ARGV[4])
return 1`;

/**
 * Counts each gift into the room's contribution board and the day / week / all-time streamer
 * rankings; a batch of events is one round trip.
 */
export class LeaderboardProjector {
  constructor(
    private readonly redis: RedisClient,
    private readonly metrics?: GiftMetrics,
  ) {}

  async handle(messages: ConsumedMessage[]): Promise<void> {
    const { sends, repeats } = giftSendsOf(messages);
    if (!sends.length) return;
    // One command per event (auto-pipelining sends them in one write); an explicit pipeline
    // would have to live in one Redis Cluster slot.
    const results = await Promise.all(
      sends.map(({ eventId, atMs, sent }) =>
        this.redis.eval(
          COUNT_GIFT,
          6,
          leaderboardKeys.counted(eventId),
          leaderboardKeys.room(sent.roomId),
          leaderboardKeys.streamers('day', atMs),
          leaderboardKeys.streamers('week', atMs),
          leaderboardKeys.streamers('all', atMs),
          leaderboardKeys.names,
          sent.senderId,
          sent.receiverId,
          sent.totalValue,
          sent.senderName,
          COUNTED_TTL_SECONDS,
          PERIOD_TTL_SECONDS.day,
          PERIOD_TTL_SECONDS.week,
        ),
      ),
    );
    const counted = results.filter(Boolean).length;
    this.metrics?.leaderboardUpdates.inc({ result: 'counted' }, counted);
    this.metrics?.leaderboardUpdates.inc({ result: 'duplicate' }, repeats + sends.length - counted);
  }
}
