import { readFile } from 'node:fs/promises';
import { ReplayDocument, replayDocument, SignatureProblem, verifyPlaybackGrant, withQueryOnUris } from '@ovation/media-domain';
import { ForbiddenError, NotFoundError } from '@ovation/errors';
import { MediaStorage } from '../storage/media-storage';
import { PlaybackMetrics } from './playback-metrics';

export interface PlaybackMediaOptions {
  /** PLAYBACK_SIGNING_SECRET: the key the gateway signs playback URLs with. */
  signingSecret: string;
  /** Where viewers reach this service, for absolute URLs in replay documents. */
  publicUrl: string;
  /** Where clients reach the gateway's danmaku replay. */
  gatewayUrl: string;
}

const MAX_ENDED_ROOMS = 100_000;

const problemMessages: Record<SignatureProblem, string> = {
  missing: 'this playback URL is not signed',
  malformed: 'this playback URL has a malformed signature',
  forged: 'this playback URL signature is not valid',
  expired: 'this playback URL has expired',
};

/**
 * What playback serves, and to whom: every request carries a grant signed for its room (live) or
 * recording (VOD); playlists are handed out with that grant on every URI inside them, because a
 * player resolving a relative URI drops the query of the playlist it came from.
 */
export class PlaybackMedia {
  /** Rooms that ended since this node started (the room events): their live media is refused at once, before ingest's files are gone. */
  private readonly endedRooms = new Set<string>();

  constructor(
    private readonly storage: MediaStorage,
    private readonly metrics: PlaybackMetrics,
    private readonly options: PlaybackMediaOptions,
    /** When the room went live (epoch ms; 0 unknown): the origin of the gateway's danmaku offsets. */
    private readonly roomLiveAt: (roomId: string) => Promise<number>,
  ) {}

  /** Throws a 403-bound error unless `query` holds a valid grant for `subject` (a room id, or a recording id for VOD). */
  authorize(subject: string, query: URLSearchParams): void {
    const problem = verifyPlaybackGrant(subject, query, this.options.signingSecret);
    if (!problem) return;
    this.metrics.denied.inc({ problem });
    throw new ForbiddenError(problemMessages[problem], `signature_${problem}`);
  }

  /** authorize() for a room's live media, which an ended (taken down) room no longer has. */
  authorizeLive(roomId: string, query: URLSearchParams): void {
    this.authorize(roomId, query);
    if (!this.endedRooms.has(roomId)) return;
    this.metrics.denied.inc({ problem: 'room_ended' });
    throw new ForbiddenError('this room has ended', 'room_ended');
  }

  /** The room ended (by its owner, an admin, a takedown): its live media is refused from now on. */
  roomEnded(roomId: string): void {
    this.endedRooms.add(roomId);
    // Room ids never come back; the oldest are forgotten past a bound (their files are long gone by then).
    if (this.endedRooms.size > MAX_ENDED_ROOMS) this.endedRooms.delete(this.endedRooms.values().next().value!);
  }

  /** A live playlist (master or rendition) with the viewer's grant on its URIs. */
  async livePlaylist(roomId: string, parts: string[], query: URLSearchParams): Promise<string> {
    return withQueryOnUris(await this.read(this.storage.livePath(roomId, ...parts), 'live playlist', parts.join('/')), grantOf(query));
  }

  livePath(roomId: string, parts: string[]): string {
    return this.existing(this.storage.livePath(roomId, ...parts), 'live file', parts.join('/'));
  }

  async recordingPlaylist(recordingId: string, query: URLSearchParams): Promise<string> {
    return withQueryOnUris(await this.read(this.storage.recordingPath(recordingId, 'index.m3u8'), 'recording', recordingId), grantOf(query));
  }

  recordingPath(recordingId: string, file: string): string {
    return this.existing(this.storage.recordingPath(recordingId, file), 'recording file', file);
  }

  thumbnailPath(roomId: string): string {
    return this.existing(this.storage.livePath(roomId, 'thumbnail.jpg'), 'thumbnail', roomId);
  }

  async replay(recordingId: string, query: URLSearchParams): Promise<ReplayDocument> {
    const info = await this.storage.readRecordingInfo(recordingId);
    if (!info) throw new NotFoundError('recording', recordingId);
    const playlist = `${this.options.publicUrl}/vod/${recordingId}/index.m3u8?${grantOf(query)}`;
    return replayDocument(info, await this.roomLiveAt(info.roomId), { playlist, gatewayUrl: this.options.gatewayUrl });
  }

  /** The origin of the room's live HTTP-FLV; not found while the room is not live. */
  async flvOrigin(roomId: string): Promise<string> {
    const info = await this.storage.readStreamInfo(roomId);
    if (!info) throw new NotFoundError('live stream of room', roomId);
    return info.flvOriginUrl;
  }

  private existing(path: string | undefined, what: string, name: string): string {
    if (!path) throw new NotFoundError(what, name);
    return path;
  }

  private async read(path: string | undefined, what: string, name: string): Promise<string> {
    try {
      return await readFile(this.existing(path, what, name), 'utf8');
    } catch {
      throw new NotFoundError(what, name);
    }
  }
}

/** Only the grant's own parameters travel on to the URIs inside a playlist. */
function grantOf(query: URLSearchParams): string {
  const grant = new URLSearchParams();
  for (const key of ['exp', 'v', 'sig']) {
    const value = query.get(key);
    if (value !== null) grant.set(key, value);
  }
  return grant.toString();
}
