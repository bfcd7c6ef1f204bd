import { randomUUID } from 'node:crypto';
import { ingestV1 } from '@ovation/contracts';
import { PublishRejection, rejectionOf, signOriginUrl } from '@ovation/media-domain';
import type { Logger } from 'pino';
import { Publisher, PublishKind, RtmpOrigin } from '../nms/rtmp-origin';
import { MediaStorage } from '../storage/media-storage';
import { IngestMetrics } from './ingest-metrics';
import { LifecycleEvents } from './lifecycle-events';
import { PipelineSettings } from './pipeline-settings';
import { PublishAuthorizer } from './publish-authorizer';
import { StreamPipeline } from './stream-pipeline';

export interface IngestStreamsOptions {
  nodeId: string;
  /** The RTMP application broadcasters publish to: rtmp://host/<app>/<stream key>. */
  publishApp: string;
  /** This node's HTTP-FLV origin as other nodes reach it, e.g. http://10.0.0.5:8000. */
  flvOriginUrl: string;
  /** The same origin as this node's own ffmpeg reaches it. */
  flvLocalUrl: string;
  /** The origin's pull credential secret: our own ffmpeg signs its pulls like playback does. */
  flvSecret: string;
  /** Where viewers reach playback (for the thumbnail URL in lifecycle events). */
  playbackPublicUrl: string;
  pipeline: PipelineSettings;
}

/** A stream this node is receiving. */
export interface ActiveStream {
  roomId: string;
  streamId: string;
  startedAtMs: number;
  publisher: Publisher;
  pipeline: StreamPipeline;
}

/** Streams are served from the origin under the room id, never under the secret stream key. */
const ORIGIN_APP = 'room';

/**
 * The publish lifecycle of an ingest node: asks room whether a key may go live, refuses (closes,
 * logs, counts) what may not, runs a pipeline per stream, rides out a publisher's drop through
 * node-media-server's grace window, and tells Kafka about every step.
 */
export class IngestStreams {
  private readonly byPath = new Map<string, ActiveStream>();
  private readonly byRoom = new Map<string, ActiveStream>();

  constructor(
    private readonly origin: RtmpOrigin,
    private readonly authorizer: PublishAuthorizer,
    private readonly events: LifecycleEvents,
    private readonly storage: MediaStorage,
    private readonly metrics: IngestMetrics,
    private readonly options: IngestStreamsOptions,
    private readonly logger: Logger,
  ) {
    const failed = (what: string) => (error: unknown) => logger.error({ err: error }, `could not handle ${what}`);
    origin.on('publish', (publisher, kind) => void this.onPublish(publisher, kind).catch(failed('a publish')));
    origin.on('dropped', (publisher) => this.onDropped(publisher));
    origin.on('ended', (publisher) => void this.onEnded(publisher).catch(failed('the end of a publish')));
  }

  active(): ActiveStream[] {
    return [...this.byRoom.values()];
  }

  get(roomId: string): ActiveStream | undefined {
    return this.byRoom.get(roomId);
  }

  describe(stream: ActiveStream): ingestV1.ActiveStream {
    return {
      roomId: stream.roomId,
      streamId: stream.streamId,
      ingestNode: this.options.nodeId,
      startedAt: String(stream.startedAtMs),
      renditions: stream.pipeline.ladder.map((r) => r.name),
      flvOriginUrl: this.originUrl(this.options.flvOriginUrl, stream.roomId),
      hlsMasterUrl: `live/${stream.roomId}/master.m3u8`,
    };
  }

  /** Node shutdown: every stream stops (recordings finalized) and its end reaches Kafka. */
  async stopAll(): Promise<void> {
    await Promise.all(this.active().map((stream) => this.stopStream(stream, ingestV1.StopReason.STOP_REASON_NODE_SHUTDOWN, 'ingest node shutting down')));
    await this.events.flush();
  }

  private async onPublish(publisher: Publisher, kind: PublishKind): Promise<void> {
    if (kind === 'refused') return this.reject(publisher, 'already_publishing', false);
    if (publisher.protocol !== 'rtmp' || publisher.app !== this.options.publishApp) return this.reject(publisher, 'invalid_path');
    const current = this.byPath.get(publisher.streamPath);
    let roomId: string;
    try {
      const answer = await this.authorizer.authorize(publisher.streamName, this.options.nodeId);
      const rejection = rejectionOf(answer);
      if (rejection) {
        // A publisher coming back after its key was rotated (or its room ended) does not get its stream back.
        if (kind === 'resumed' && current) await this.stopStream(current, ingestV1.StopReason.STOP_REASON_KICKED, `resume refused: ${rejection}`);
        return this.reject(publisher, rejection);
      }
      roomId = answer.roomId;
    } catch (error) {
      this.logger.error({ err: error }, 'AuthorizePublish failed; refusing the publish');
      return this.reject(publisher, 'authorization_unavailable');
    }

    if (kind === 'resumed' && current?.roomId === roomId) {
      current.publisher = publisher;
      this.metrics.publishes.inc({ kind: 'resumed' });
      this.logger.info({ roomId, streamId: current.streamId, ip: publisher.ip }, 'publisher resumed within the grace window');
      return;
    }
    // A stream of this room still running here under another key (the key was rotated meanwhile): the new key wins.
    const previous = this.byRoom.get(roomId) ?? current;
    if (previous) {
      this.origin.disconnect(previous.publisher);
      await this.stopStream(previous, ingestV1.StopReason.STOP_REASON_KICKED, 'replaced by a new publish of the room');
    }
    await this.startStream(publisher, roomId);
  }

  private async startStream(publisher: Publisher, roomId: string): Promise<void> {
    const streamId = randomUUID();
    const startedAtMs = Date.now();
    const log = this.logger.child({ roomId, streamId });
    this.origin.expose(publisher.streamPath, `/${ORIGIN_APP}/${roomId}`);
    const pipeline = new StreamPipeline(
      { roomId, streamId, inputUrl: () => signOriginUrl(this.originUrl(this.options.flvLocalUrl, roomId), this.options.flvSecret), startedAtMs, source: publisher.video() },
      this.options.pipeline,
      this.storage,
      {
        thumbnail: () => void this.events.publish(roomId, streamId, { thumbnail: { url: `${this.options.playbackPublicUrl}/thumbnails/${roomId}.jpg?v=${Date.now()}` } }),
        restarted: () => this.metrics.ffmpegRestarts.inc(),
        failed: () => void this.onPipelineFailed(roomId, streamId).catch((error) => log.error({ err: error }, 'could not stop a failed stream')),
      },
      log,
    );
    const stream: ActiveStream = { roomId, streamId, startedAtMs, publisher, pipeline };
    this.byPath.set(publisher.streamPath, stream);
    this.byRoom.set(roomId, stream);
    this.metrics.activeStreams.set(this.byRoom.size);
    this.metrics.publishes.inc({ kind: 'new' });
    await pipeline.start();
    const described = this.describe(stream);
    await this.storage.writeStreamInfo({ roomId, streamId, ingestNode: this.options.nodeId, flvOriginUrl: described.flvOriginUrl, startedAtMs });
    const { width, height } = publisher.video();
    void this.events.publish(roomId, streamId, {
      started: { renditions: described.renditions, flvOriginUrl: described.flvOriginUrl, hlsMasterUrl: described.hlsMasterUrl, width: width ?? 0, height: height ?? 0 },
    });
    log.info({ renditions: described.renditions, ip: publisher.ip }, 'stream started');
  }

  /**
   * Cuts the room's stream on this node now (the room ended, by its owner or an admin): the
   * publisher is closed without a grace window and the ladder stops. Room refuses the key from
   * then on, so the publish cannot come back. False when this node has no stream of the room.
   */
  async cut(roomId: string, detail: string): Promise<boolean> {
    const stream = this.byRoom.get(roomId);
    if (!stream) return false;
    this.origin.refuse(stream.publisher);
    await this.stopStream(stream, ingestV1.StopReason.STOP_REASON_KICKED, detail);
    return true;
  }

  private onDropped(publisher: Publisher): void {
    const stream = this.byPath.get(publisher.streamPath);
    if (stream?.publisher.sessionId !== publisher.sessionId) return;
    this.metrics.publisherDrops.inc();
    this.logger.warn({ roomId: stream.roomId, streamId: stream.streamId }, 'publisher connection lost; holding the stream for the grace window');
  }

  private async onEnded(publisher: Publisher): Promise<void> {
    const stream = this.byPath.get(publisher.streamPath);
    if (stream?.publisher.sessionId !== publisher.sessionId) return;
    await this.stopStream(stream, ingestV1.StopReason.STOP_REASON_UNPUBLISHED, 'the broadcaster stopped publishing');
  }

  private async onPipelineFailed(roomId: string, streamId: string): Promise<void> {
    const stream = this.byRoom.get(roomId);
    if (stream?.streamId !== streamId) return;
    this.metrics.ffmpegFailures.inc();
    this.origin.disconnect(stream.publisher);
    await this.stopStream(stream, ingestV1.StopReason.STOP_REASON_ERROR, 'ffmpeg kept failing');
  }

  private async stopStream(stream: ActiveStream, reason: ingestV1.StopReason, detail: string): Promise<void> {
    if (this.byRoom.get(stream.roomId) !== stream) return;
    this.byRoom.delete(stream.roomId);
    if (this.byPath.get(stream.publisher.streamPath) === stream) this.byPath.delete(stream.publisher.streamPath);
    this.metrics.activeStreams.set(this.byRoom.size);
    const { roomId, streamId } = stream;
    this.origin.withdraw(stream.publisher.streamPath, `/${ORIGIN_APP}/${roomId}`);
    await this.storage.removeStreamInfo(roomId, streamId);
    void this.events.publish(roomId, streamId, { stopped: { reason, detail } });
    const endedAtMs = Date.now();
    const recording = await stream.pipeline.stop(endedAtMs);
    this.logger.info({ roomId, streamId, reason, detail, recordingMs: recording?.durationMs }, 'stream stopped');
    if (recording) {
      void this.events.publish(roomId, streamId, {
        recording: {
          recordingId: recording.recordingId,
          path: `recordings/${recording.recordingId}/index.m3u8`,
          durationMs: String(recording.durationMs),
          startedAtMs: String(recording.startedAtMs),
        },
      });
    }
  }

  private reject(publisher: Publisher, reason: PublishRejection, close = true): void {
    if (close) this.origin.refuse(publisher);
    this.metrics.publishRejections.inc({ reason });
    this.logger.warn({ reason, ip: publisher.ip, app: publisher.app, sessionId: publisher.sessionId }, 'publish refused');
  }

  private originUrl(base: string, roomId: string): string {
    return `${base.replace(/\/+$/, '')}/${ORIGIN_APP}/${roomId}.flv`;
  }
}
