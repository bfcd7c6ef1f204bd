import { field, grpcServerFields, kafkaFields, loadConfig, podFields, refuseLoopbackInPod, serviceFields } from '@ovation/config';
import { z } from 'zod';

export const playbackConfigSchema = z.object({
  ...serviceFields(9407),
  ...podFields(),
  ...grpcServerFields(50056),
  ...kafkaFields(),
  HTTP_PORT: field.port(8082),
  /** The key playback URLs are signed with (the gateway signs with the same). */
  PLAYBACK_SIGNING_SECRET: field.requiredString(),
  /** The secret of ingest's HTTP-FLV origin pull credential (ingest checks it; never given to viewers). */
  FLV_ORIGIN_SECRET: field.requiredString().min(32, 'must be at least 32 characters'),
  /** Where viewers reach this service (absolute URLs in signed URLs and replay documents). */
  PLAYBACK_PUBLIC_URL: field.string('http://127.0.0.1:8082'),
  /** Where clients reach the gateway (the danmaku replay link of a replay document). */
  GATEWAY_PUBLIC_URL: field.string('http://127.0.0.1:8080'),
  /** The media directory the ingest nodes write (the same local directory, or a shared volume); empty: .ovation/media/<NODE_ID>. */
  MEDIA_DIR: field.string(''),
  /** Signed URLs from SignUrls / SignRecordingUrl: default and maximum lifetime. */
  PLAYBACK_URL_TTL_SECONDS: field.int(3600, 10, 86_400),
  PLAYBACK_URL_MAX_TTL_SECONDS: field.int(86_400, 10, 7 * 86_400),
  /** An HTTP-FLV viewer this many bytes behind is cut loose. */
  FLV_MAX_PENDING_BYTES: field.int(4 * 1024 * 1024, 64 * 1024),
  SCHEDULER_GRPC_URL: field.string('127.0.0.1:50053'),
  /** Room (GetRoom), for when a room went live: replay documents align danmaku with recordings by it. */
  ROOM_GRPC_URL: field.string('127.0.0.1:50051'),
  GRPC_DEADLINE_MS: field.int(2000, 50, 60_000),
  ADVERTISED_HOST: field.string('127.0.0.1'),
  /** HTTP-FLV viewers this node takes at most (what the scheduler places against). */
  VIEWER_CAPACITY: field.int(10_000, 1),
})
  // The scheduler registration (gRPC address): how other pods reach this one.
  .superRefine(refuseLoopbackInPod((config) => ({ ADVERTISED_HOST: config.ADVERTISED_HOST })));

export type PlaybackConfig = z.output<typeof playbackConfigSchema>;

export const loadPlaybackConfig = (): PlaybackConfig => loadConfig('playback', playbackConfigSchema);
