import { Counter, Gauge, Registry } from 'prom-client';

/** What a playback node reports on /metrics about its viewers. */
export class PlaybackMetrics {
  readonly denied: Counter<'problem'>;
  readonly flvViewers: Gauge;
  readonly flvUpstreams: Gauge;
  readonly flvViewersCut: Counter<'reason'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.denied = new Counter({
      name: 'ovation_playback_denied_total',
      help: 'Playback requests refused for their signature (missing, malformed, forged, expired)',
      labelNames: ['problem'],
      registers,
    });
    this.flvViewers = new Gauge({ name: 'ovation_playback_flv_viewers', help: 'HTTP-FLV viewers connected now', registers });
    this.flvUpstreams = new Gauge({ name: 'ovation_playback_flv_upstreams', help: 'HTTP-FLV origin connections open now (one per watched stream)', registers });
    this.flvViewersCut = new Counter({
      name: 'ovation_playback_flv_viewers_cut_total',
      help: 'HTTP-FLV viewers disconnected by playback: too slow to keep up, or the stream ended',
      labelNames: ['reason'],
      registers,
    });
  }
}
