import { field, grpcServerFields, kafkaFields, loadConfig, podFields, refuseLoopbackInPod, serviceFields } from '@ovation/config';
import { z } from 'zod';

export const ingestConfigSchema = z.object({
  ...serviceFields(9405),
  ...podFields(),
  ...grpcServerFields(50055),
  ...kafkaFields(),
  RTMP_PORT: field.port(1935),
  FLV_PORT: field.port(8000),
  /** Where the HTTP-FLV origin listens; empty: ADVERTISED_HOST (the pod's address: never every interface). */
  FLV_BIND_HOST: field.string(''),
  /** The secret of the origin's pull credential, shared with playback (which signs its pulls with it). */
  FLV_ORIGIN_SECRET: field.requiredString().min(32, 'must be at least 32 characters'),
  /** The RTMP application broadcasters publish to: rtmp://host:port/<app>/<stream key>. */
  RTMP_APP: field.string('live'),
  /** What other nodes and clients use to reach this node (origin URL, scheduler registration). */
  ADVERTISED_HOST: field.string('127.0.0.1'),
  RTMP_PUBLIC_URL: field.string(''),
  ROOM_GRPC_URL: field.string('127.0.0.1:50051'),
  SCHEDULER_GRPC_URL: field.string('127.0.0.1:50053'),
  GRPC_DEADLINE_MS: field.int(2000, 50, 60_000),
  PLAYBACK_PUBLIC_URL: field.string('http://127.0.0.1:8082'),
  /** The media directory (HLS, thumbnails, recordings); empty: .ovation/media/<NODE_ID>. */
  MEDIA_DIR: field.string(''),
  /** How long a dropped publisher may come back and continue its stream. */
  PUBLISH_GRACE_MS: field.int(10_000, 0, 300_000),
  /** `source` (pass-through) and `<height>p@<kbps>` transcodes, e.g. source,720p@2500,480p@900. */
  HLS_RENDITIONS: field.string('source,480p@800,360p@500'),
  HLS_SEGMENT_SECONDS: field.int(2, 1, 10),
  HLS_PLAYLIST_SIZE: field.int(6, 3, 60),
  X264_PRESET: field.enumOf(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium'], 'ultrafast'),
  THUMBNAIL_INTERVAL_SECONDS: field.int(10, 1, 600),
  THUMBNAIL_HEIGHT: field.int(360, 90, 1080),
  RECORDING_SEGMENT_SECONDS: field.int(4, 1, 30),
  FFMPEG_PATH: field.string('ffmpeg'),
  /** Streams this node takes at most (what the scheduler places against). */
  STREAM_CAPACITY: field.int(4, 1, 10_000),
})
  // The FLV origin URL playback pods pull from and the scheduler registration: how other pods reach this one.
  .superRefine(refuseLoopbackInPod((config) => ({ ADVERTISED_HOST: config.ADVERTISED_HOST, FLV_BIND_HOST: config.FLV_BIND_HOST })));

export type IngestConfig = z.output<typeof ingestConfigSchema>;

export const loadIngestConfig = (): IngestConfig => loadConfig('ingest', ingestConfigSchema);
