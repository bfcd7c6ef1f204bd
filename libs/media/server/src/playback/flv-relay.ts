import { get, IncomingMessage } from 'node:http';
import { FlvJoinCache, FlvTagSplitter, signOriginUrl } from '@ovation/media-domain';
import type { Logger } from 'pino';
import { PlaybackMetrics } from './playback-metrics';

/** One viewer's connection, as the relay needs it. */
export interface FlvViewer {
  write(chunk: Buffer): void;
  end(): void;
  /** Bytes written but not yet sent: a viewer that cannot keep up grows this. */
  pendingBytes(): number;
}

export interface FlvRelayOptions {
  /** A viewer this far behind is cut loose rather than allowed to grow memory without bound. */
  maxPendingBytes: number;
  /** The ingest origin's pull credential secret (FLV_ORIGIN_SECRET): every pull is signed at connect. */
  originSecret: string;
}

/**
 * HTTP-FLV fan-out: ONE connection to a stream's origin per playback node, however many viewers
 * watch it. A viewer joining mid-stream first gets the header, metadata, codec headers and the
 * current group of pictures, so its player shows a picture at once; then every tag as it comes.
 * The origin connection closes with its last viewer.
 */
export class FlvRelay {
  private readonly upstreams = new Map<string, Upstream>();

  constructor(
    private readonly options: FlvRelayOptions,
    private readonly metrics: PlaybackMetrics,
    private readonly logger: Logger,
  ) {}

  /** Adds a viewer of `roomId`'s stream at `originUrl`; returns how to remove it. */
  join(roomId: string, originUrl: string, viewer: FlvViewer): () => void {
    let upstream = this.upstreams.get(roomId);
    if (!upstream || upstream.originUrl !== originUrl) {
      upstream?.close();
      upstream = new Upstream(roomId, originUrl, this.options, this.metrics, this.logger.child({ roomId }), () => {
        if (this.upstreams.get(roomId) === upstream) this.upstreams.delete(roomId);
        this.metrics.flvUpstreams.set(this.upstreams.size);
      });
      this.upstreams.set(roomId, upstream);
      this.metrics.flvUpstreams.set(this.upstreams.size);
    }
    const joined = upstream;
    joined.add(viewer);
    return () => joined.remove(viewer);
  }

  /** Viewers connected now, over every stream. */
  viewerCount(): number {
    let count = 0;
    for (const upstream of this.upstreams.values()) count += upstream.viewerCount;
    return count;
  }

  /** Cuts every viewer of the room's stream (the room ended) and its origin connection. */
  closeRoom(roomId: string): void {
    this.upstreams.get(roomId)?.close();
  }

  closeAll(): void {
    for (const upstream of [...this.upstreams.values()]) upstream.close();
  }
}

class Upstream {
  private readonly viewers = new Set<FlvViewer>();
  private readonly cache = new FlvJoinCache();
  private readonly splitter = new FlvTagSplitter();
  private response?: IncomingMessage;
  private readonly request;
  private closed = false;

  constructor(
    readonly roomId: string,
    readonly originUrl: string,
    private readonly options: FlvRelayOptions,
    private readonly metrics: PlaybackMetrics,
    private readonly logger: Logger,
    private readonly onClosed: () => void,
  ) {
    this.request = get(signOriginUrl(originUrl, options.originSecret), (response) => {
      this.response = response;
      if (response.statusCode !== 200) return this.fail(`origin answered ${response.statusCode}`);
      response.on('data', (chunk: Buffer) => this.relay(chunk));
      response.on('end', () => this.close('stream_ended'));
      response.on('error', (error) => this.fail(error.message));
    });
    this.request.on('error', (error) => this.fail(error.message));
    this.logger.info({ originUrl }, 'HTTP-FLV upstream opened');
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  add(viewer: FlvViewer): void {
    for (const bytes of this.cache.snapshot()) viewer.write(bytes);
    this.viewers.add(viewer);
    this.metrics.flvViewers.inc();
  }

  remove(viewer: FlvViewer): void {
    if (!this.viewers.delete(viewer)) return;
    this.metrics.flvViewers.dec();
    if (this.viewers.size === 0) this.close();
  }

  close(reason?: 'stream_ended' | 'origin_failed'): void {
    if (this.closed) return;
    this.closed = true;
    this.request.destroy();
    this.response?.destroy();
    for (const viewer of this.viewers) {
      viewer.end();
      this.metrics.flvViewersCut.inc({ reason: reason ?? 'stream_ended' });
    }
    this.metrics.flvViewers.dec(this.viewers.size);
    this.viewers.clear();
    this.onClosed();
    this.logger.info({ reason: reason ?? 'no_viewers' }, 'HTTP-FLV upstream closed');
  }

  private relay(chunk: Buffer): void {
    let pieces;
    try {
      pieces = this.splitter.push(chunk);
    } catch (error) {
      return this.fail((error as Error).message);
    }
    for (const piece of pieces) {
      this.cache.add(piece);
      for (const viewer of this.viewers) {
        if (viewer.pendingBytes() > this.options.maxPendingBytes) {
          this.viewers.delete(viewer);
          this.metrics.flvViewers.dec();
          this.metrics.flvViewersCut.inc({ reason: 'slow' });
          viewer.end();
          continue;
        }
        viewer.write(piece.bytes);
      }
    }
    if (this.viewers.size === 0) this.close();
  }

  private fail(why: string): void {
    this.logger.warn({ why, originUrl: this.originUrl }, 'HTTP-FLV upstream failed');
    this.close('origin_failed');
  }
}
