import { field, grpcServerFields, kafkaFields, loadConfig, mysqlFields, redisFields, serviceFields } from '@ovation/config';
import { z } from 'zod';
import { danmakuFields } from './danmaku-config';

export const pushConfigSchema = z.object({
  ...serviceFields(9404),
  ...grpcServerFields(50054),
  ...redisFields(),
  ...kafkaFields(),
  ...mysqlFields('ovation_danmaku'),
  ...danmakuFields,
  /** Archive chat for replay (one consumer group for the whole fleet: each message is written once). */
  ARCHIVE_ENABLED: field.bool(true),
  /** At most this many messages per multi-row insert. */
  ARCHIVE_BATCH_MAX_ROWS: field.int(500, 1, 10_000),
  /** The broker holds a fetch up to this long to fill a batch. */
  ARCHIVE_BATCH_WAIT_MS: field.int(200, 10, 10_000),
});

export type PushConfig = z.output<typeof pushConfigSchema>;

export const loadPushConfig = (): PushConfig => loadConfig('danmaku-push', pushConfigSchema);
