import { field, grpcServerFields, kafkaFields, loadConfig, mysqlFields, redisFields, serviceFields } from '@ovation/config';
import { z } from 'zod';

const databaseFields = mysqlFields('ovation_room');

export const roomConfigSchema = z.object({
  ...serviceFields(9402),
  ...grpcServerFields(50051),
  ...databaseFields,
  ...redisFields(),
  ...kafkaFields(),
  /** Stream keys are HMACs under it: changing it changes every room's key. */
  STREAM_KEY_SECRET: field.requiredString().min(16, 'must be at least 16 characters'),
  /** The RTMP application URL GetPublishInfo hands broadcasters. */
  RTMP_PUBLIC_URL: field.url('rtmp://127.0.0.1:1935/live'),
  /** How long a live room waits for its lost stream to come back before it ends. */
  STREAM_LOSS_GRACE_MS: field.int(10_000, 0, 3_600_000),
  /** How often rooms whose grace period ran out are ended. */
  STREAM_LOSS_SWEEP_MS: field.int(1_000, 100, 60_000),
  /** How often online counts are aggregated, the live list re-sorted and OnlineCount events published. */
  ONLINE_COUNT_INTERVAL_MS: field.int(3_000, 500, 60_000),
  /** How often the live list in Redis is checked against the database. */
  LIVE_LIST_RECONCILE_MS: field.int(30_000, 1_000, 3_600_000),
});

export type RoomConfig = z.output<typeof roomConfigSchema>;

export const loadRoomConfig = (): RoomConfig => loadConfig('room', roomConfigSchema);

/** What the migrate entry point needs: only the database (no secrets). */
const roomDatabaseConfigSchema = z.object(databaseFields);
export type RoomDatabaseConfig = z.output<typeof roomDatabaseConfigSchema>;
export const loadRoomDatabaseConfig = (): RoomDatabaseConfig => loadConfig('room', roomDatabaseConfigSchema);
