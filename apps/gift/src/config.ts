import { field, grpcServerFields, kafkaFields, loadConfig, mysqlFields, redisFields, serviceFields } from '@ovation/config';
import { z } from 'zod';

export const giftConfigSchema = z.object({
  ...serviceFields(9403),
  ...grpcServerFields(50052),
  ...mysqlFields('ovation_gift'),
  ...redisFields(),
  ...kafkaFields(),
  /** The room service, asked for a room's owner and live status. */
  ROOM_GRPC_URL: field.string('127.0.0.1:50051'),
  GRPC_DEADLINE_MS: field.int(1000, 50, 60000),
  /** How long a room lookup (owner, live) is reused; gifts to a room that just ended are accepted this long. */
  ROOM_CACHE_MS: field.int(1000, 0, 60000),
  /** How long the catalog is cached for sends; an admin's change takes effect within it. */
  CATALOG_CACHE_MS: field.int(1000, 0, 60000),
  /** The most gift orders placed together in one transaction while the previous one commits (group commit). */
  SEND_BATCH_MAX: field.int(50, 1, 500),
  /** Sends that may wait for a transaction; beyond, they are refused as unavailable (a stalled database). */
  SEND_QUEUE_MAX: field.int(1000, 1, 100_000),
  /** How long a send transaction waits for a wallet row another transaction holds; then its orders go one by one. */
  SEND_LOCK_WAIT_SECONDS: field.int(5, 1, 50),
  /** Development only: users may top up their own wallet (otherwise only platform admins may). */
  DEV_RECHARGE_ENABLED: field.bool(false),
  /** Runs the outbox relay in this process (several processes may run it at once). */
  OUTBOX_RELAY_ENABLED: field.bool(true),
  /** Brokers the relay publishes to; KAFKA_BROKERS when empty. */
  OUTBOX_KAFKA_BROKERS: field.list([]),
  OUTBOX_BATCH_SIZE: field.int(200, 1, 5000),
  OUTBOX_LANES_PER_CLAIM: field.int(16, 1, 16),
  OUTBOX_IDLE_MS: field.int(200, 1, 10000),
  OUTBOX_PUBLISH_TIMEOUT_MS: field.int(5000, 100, 120000),
  /** Test only: the process exits right after Kafka acknowledged this many relay batches, before marking them published (0: never). */
  OUTBOX_TEST_EXIT_AFTER_PUBLISHES: field.int(0, 0),
  /** Runs the gift event consumers (effects into the room stream, leaderboards) in this process. */
  GIFT_CONSUMERS_ENABLED: field.bool(true),
  /**
   * The gift consumers' fetches wait up to this long for GIFT_CONSUMER_FETCH_MIN_BYTES (about 60
   * events), so under load each batch of effects costs its round trips once: the most a gift
   * effect is delayed by batching.
   */
  GIFT_CONSUMER_FETCH_WAIT_MS: field.int(50, 1, 5000),
  GIFT_CONSUMER_FETCH_MIN_BYTES: field.int(16384, 1, 1048576),
  /** Consecutive sends of one gift by one sender within this window grow one combo. */
  COMBO_WINDOW_MS: field.int(5000, 100, 600000),
});

export type GiftConfig = z.output<typeof giftConfigSchema>;

export const loadGiftConfig = (): GiftConfig => loadConfig('gift', giftConfigSchema);
