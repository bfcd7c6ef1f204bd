import { setTimeout as sleep } from 'node:timers/promises';
import { ffmpegArgs, fitLadder, masterPlaylist, RecordingInfo, Rendition, variantsOf } from '@ovation/media-domain';
import type { Logger } from 'pino';
import { SupervisedProcess } from '../ffmpeg/supervised-process';
import { MediaStorage } from '../storage/media-storage';
import { PipelineSettings } from './pipeline-settings';

export interface PipelineStream {
  roomId: string;
  streamId: string;
  /** Where ffmpeg reads the stream from (this node's HTTP-FLV origin), signed afresh for every run. */
  inputUrl: () => string;
  startedAtMs: number;
  /** What the publisher's metadata said about its video, when known. */
  source: { width?: number; height?: number; kbps?: number };
}

export interface PipelineEvents {
  thumbnail(): void;
  restarted(attempt: number): void;
  failed(lastLines: string[]): void;
}

const POLL_MS = 250;

/**
 * One stream's media work: its supervised ffmpeg (HLS ladder, thumbnail, recording), the master
 * playlist once every rendition has a segment, a watch on the thumbnail, and the recording's
 * finalization when the stream ends.
 */
export class StreamPipeline {
  readonly ladder: Rendition[];
  private readonly ffmpeg: SupervisedProcess;
  private readonly timers: NodeJS.Timeout[] = [];
  private thumbnailAt?: number;
  private stopped = false;

  constructor(
    private readonly stream: PipelineStream,
    private readonly settings: PipelineSettings,
    private readonly storage: MediaStorage,
    private readonly events: PipelineEvents,
    private readonly logger: Logger,
  ) {
    this.ladder = fitLadder(settings.ladder, stream.source.height);
    this.ffmpeg = new SupervisedProcess({
      command: settings.ffmpegPath,
      args: (run) =>
        ffmpegArgs({
          inputUrl: stream.inputUrl(),
          ladder: this.ladder,
          liveDir: storage.liveDir(stream.roomId),
          segmentPrefix: `${stream.streamId.slice(0, 8)}-${run}`,
          segmentSeconds: settings.segmentSeconds,
          playlistSize: settings.playlistSize,
          preset: settings.preset,
          thumbnail: { path: storage.thumbnailPath(stream.roomId), everySeconds: settings.thumbnailEverySeconds, height: settings.thumbnailHeight },
          recording: { dir: storage.recordingDir(stream.streamId), segmentSeconds: settings.recordingSegmentSeconds },
        }),
      logger,
      onRestart: (attempt) => events.restarted(attempt),
      onGiveUp: (lastLines) => events.failed(lastLines),
    });
  }

  get restarts(): number {
    return this.ffmpeg.restarts;
  }

  async start(): Promise<void> {
    const names = this.ladder.map((r) => r.name);
    await this.storage.prepareLive(this.stream.roomId, names);
    await this.storage.prepareRecording(this.stream.streamId);
    this.ffmpeg.start();
    this.writeMasterWhenPlayable(names).catch((error) => this.logger.error({ err: error }, 'could not write the master playlist'));
    this.timers.push(setInterval(() => void this.checkThumbnail(), 1000));
  }

  /** Stops ffmpeg gracefully (it ends every playlist) and finalizes the recording. */
  async stop(endedAtMs: number): Promise<RecordingInfo | undefined> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.ffmpeg.stop();
    return this.storage.finalizeRecording({
      recordingId: this.stream.streamId,
      roomId: this.stream.roomId,
      streamId: this.stream.streamId,
      startedAtMs: this.stream.startedAtMs,
      endedAtMs,
    });
  }

  /** A player given the master playlist before every rendition has a segment would fail on the missing ones. */
  private async writeMasterWhenPlayable(names: string[]): Promise<void> {
    const { roomId, streamId } = this.stream;
    const deadline = Date.now() + this.settings.firstSegmentTimeoutMs;
    let ready = false;
    while (!this.stopped && !(ready = await this.storage.hasAllPlaylists(roomId, names)) && Date.now() < deadline) await sleep(POLL_MS);
    if (this.stopped) return;
    if (!ready) this.logger.warn({ roomId, streamId }, 'not every rendition has a segment yet; writing the master playlist anyway');
    await this.storage.writeMaster(roomId, masterPlaylist(variantsOf(this.ladder, this.stream.source)));
    this.logger.info({ roomId, streamId, renditions: names }, 'live HLS playable');
  }

  private async checkThumbnail(): Promise<void> {
    const at = await this.storage.modifiedAtMs(this.storage.thumbnailPath(this.stream.roomId));
    if (at === undefined || at === this.thumbnailAt) return;
    this.thumbnailAt = at;
    this.events.thumbnail();
  }
}
