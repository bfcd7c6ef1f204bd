import { field, grpcServerFields, kafkaFields, loadConfig, mysqlFields, opsActionFields, podFields, redisFields, refuseLoopbackInPod, serviceFields } from '@ovation/config';
import { z } from 'zod';
import { danmakuFields } from './danmaku-config';

/** What a node registers with the scheduler: its viewers' socket URL and its gRPC address (derived when unset). */
export function pushAdvertisement(config: { PUSH_PUBLIC_URL: string; PUSH_GRPC_ADVERTISE: string; GRPC_PORT: number }, wsPort: number) {
  return {
    PUSH_PUBLIC_URL: config.PUSH_PUBLIC_URL || `ws://127.0.0.1:${wsPort}/ws`,
    PUSH_GRPC_ADVERTISE: config.PUSH_GRPC_ADVERTISE || `127.0.0.1:${config.GRPC_PORT}`,
  };
}

export const pushConfigSchema = z.object({
  ...serviceFields(9404),
  ...opsActionFields(),
  ...podFields(),
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
}).superRefine(refuseLoopbackInPod((config) => pushAdvertisement(config, config.WS_PORT)));

export type PushConfig = z.output<typeof pushConfigSchema>;

export const loadPushConfig = (): PushConfig => loadConfig('danmaku-push', pushConfigSchema);
