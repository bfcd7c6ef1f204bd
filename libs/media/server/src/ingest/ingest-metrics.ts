import { Counter, Gauge, Registry } from 'prom-client';

/** What an ingest node reports on /metrics about its streams. */
export class IngestMetrics {
  readonly publishRejections: Counter<'reason'>;
  readonly publishes: Counter<'kind'>;
  readonly playRefusals: Counter<'protocol' | 'reason'>;
  readonly publisherDrops: Counter;
  readonly ffmpegRestarts: Counter;
  readonly ffmpegFailures: Counter;
  readonly activeStreams: Gauge;
  private readonly registers: Registry[];

  constructor(registry: Registry) {
    const registers = [registry];
    this.registers = registers;
    this.publishRejections = new Counter({
      name: 'ovation_ingest_publish_rejections_total',
      help: 'RTMP publishes refused, by reason (unknown_key, already_live, already_publishing, room_ended, forbidden, invalid_path, authorization_unavailable)',
      labelNames: ['reason'],
      registers,
    });
    this.publishes = new Counter({
      name: 'ovation_ingest_publishes_total',
      help: 'RTMP publishes accepted: new streams, and publishers resuming within the grace window',
      labelNames: ['kind'],
      registers,
    });
    this.playRefusals = new Counter({
      name: 'ovation_ingest_play_refusals_total',
      help: 'Plays refused at ingest, by protocol and reason (rtmp_play: every RTMP play; HTTP-FLV without a valid pull credential: missing, malformed, expired, forged, method, websocket)',
      labelNames: ['protocol', 'reason'],
      registers,
    });
    this.publisherDrops = new Counter({ name: 'ovation_ingest_publisher_drops_total', help: 'Publisher connections lost while live (the grace window starts)', registers });
    this.ffmpegRestarts = new Counter({ name: 'ovation_ingest_ffmpeg_restarts_total', help: 'ffmpeg processes restarted after dying', registers });
    this.ffmpegFailures = new Counter({ name: 'ovation_ingest_ffmpeg_failures_total', help: 'Streams stopped because their ffmpeg kept dying', registers });
    this.activeStreams = new Gauge({ name: 'ovation_ingest_active_streams', help: 'Streams this node is receiving now', registers });
  }

  /** `ovation_ingest_received_bytes_total`, read from `totalBytes` (monotonic) at each scrape. */
  countReceivedBytes(totalBytes: () => number): void {
    let counted = 0;
    new Counter({
      name: 'ovation_ingest_received_bytes_total',
      help: 'Media bytes received from RTMP publishers (its rate is the ingest bitrate)',
      registers: this.registers,
      collect() {
        const total = totalBytes();
        if (total > counted) this.inc(total - counted);
        counted = Math.max(counted, total);
      },
    });
  }
}
