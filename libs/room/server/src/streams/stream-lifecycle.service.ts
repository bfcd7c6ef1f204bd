import { ingestV1 } from '@ovation/contracts';
import { graceExpired, LifecycleError, onStreamStarted, onStreamStopped, StreamRef } from '@ovation/room-domain';
import type { Logger } from 'pino';
import { IsNull, LessThanOrEqual, Not, type Repository } from 'typeorm';
import { RoomMetrics } from '../metrics/room-metrics';
import { RoomEntity } from '../persistence/room.entity';
import { RoomTransitions } from '../rooms/room-transitions';

const THUMBNAIL_URL_MAX = 500;
const SWEEP_BATCH = 100;

/**
 * What ingest's stream lifecycle events do to rooms: started → live, stopped → a grace period
 * (persisted as stream_lost_at, so a restart keeps it), then ended by `sweepLostStreams`;
 * thumbnails are stored. Every handler is idempotent: redelivered events change nothing.
 */
export class StreamLifecycleService {
  constructor(
    private readonly rooms: Repository<RoomEntity>,
    private readonly transitions: RoomTransitions,
    private readonly metrics: RoomMetrics,
    private readonly logger: Logger,
    private readonly graceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async handle(event: ingestV1.StreamLifecycleEvent): Promise<void> {
    const kind = event.started ? 'started' : event.stopped ? 'stopped' : event.thumbnail ? 'thumbnail' : 'other';
    const outcome = await this.apply(kind, event);
    this.metrics.streamEvents.inc({ event: kind, outcome });
    if (outcome !== 'applied') this.logger.info({ roomId: event.roomId, streamId: event.streamId, ingestNode: event.ingestNode, event: kind, outcome }, 'stream event ignored');
  }

  /** Ends every live room whose stream was lost longer than the grace period ago; returns how many. */
  async sweepLostStreams(): Promise<number> {
    const now = this.now();
    const cutoff = now - this.graceMs;
    const lost = await this.rooms.find({ select: { id: true }, where: { status: 'live', streamLostAt: LessThanOrEqual(cutoff) }, take: SWEEP_BATCH });
    let ended = 0;
    for (const { id } of lost) {
      const room = await this.transitions.moveIf(
        id,
        'ended',
        'stream_lost',
        now,
        { publishingNode: null, publishingStreamId: null },
        { holds: (fresh) => fresh.streamLostAt !== null && graceExpired(fresh.streamLostAt, this.graceMs, now), where: { streamLostAt: LessThanOrEqual(cutoff) } },
      );
      if (room) ended += 1;
    }
    return ended;
  }

  private async apply(kind: string, event: ingestV1.StreamLifecycleEvent): Promise<string> {
    const room = event.roomId ? await this.rooms.findOneBy({ id: event.roomId }) : null;
    if (!room) return 'unknown_room';
    const stream: StreamRef = { node: event.ingestNode, streamId: event.streamId };
    const at = Number(event.atMs) || this.now();
    if (kind === 'started') return this.started(room, stream, at);
    if (kind === 'stopped') return this.stopped(room, stream, at);
    if (kind === 'thumbnail') return this.thumbnail(room, event.thumbnail!.url);
    return 'not_for_room';
  }

  private async started(room: RoomEntity, stream: StreamRef, at: number): Promise<string> {
    const decision = onStreamStarted(room, stream);
    const publishing = { publishingNode: stream.node, publishingStreamId: stream.streamId, streamLostAt: null };
    if (decision.kind === 'ignore') return decision.why;
    if (decision.kind === 'resume') {
      const result = await this.rooms.update({ id: room.id, status: 'live' }, publishing);
      return result.affected ? 'applied' : 'not_live';
    }
    try {
      await this.transitions.move(room.id, 'live', 'stream_started', at, publishing);
      return 'applied';
    } catch (error) {
      // Ended meanwhile (by its owner): the stream has nothing to feed.
      if (error instanceof LifecycleError) return 'room_ended';
      throw error;
    }
  }

  private async stopped(room: RoomEntity, stream: StreamRef, at: number): Promise<string> {
    const decision = onStreamStopped(room, stream);
    if (decision.kind === 'ignore') return decision.why;
    const result = await this.rooms.update({ id: room.id, status: 'live', publishingStreamId: stream.streamId, streamLostAt: IsNull() }, { streamLostAt: at });
    if (result.affected) this.logger.info({ roomId: room.id, streamId: stream.streamId, graceMs: this.graceMs }, 'stream lost; the room ends unless it comes back within the grace period');
    return result.affected ? 'applied' : 'raced';
  }

  private async thumbnail(room: RoomEntity, url: string): Promise<string> {
    if (!url || url.length > THUMBNAIL_URL_MAX) return 'bad_thumbnail';
    if (room.status === 'ended') return 'room_ended';
    // Unchanged rows count as not affected in MySQL, so a redelivery is not told apart: both are fine.
    await this.rooms.update({ id: room.id, status: Not('ended') }, { thumbnailUrl: url });
    return 'applied';
  }
}
