import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { playbackV1 } from '@ovation/contracts';
import { ValidationError } from '@ovation/errors';
import { GrpcErrorFilter } from '@ovation/grpc';
import { signPlaybackGrant } from '@ovation/media-domain';
import type { PlaybackConfig } from '../config';
import { PLAYBACK_CONFIG } from '../media/tokens';

/** Signed playback URLs for services that do not hold the signing key themselves. */
@Controller()
@UseFilters(GrpcErrorFilter)
export class PlaybackGrpcController implements playbackV1.PlaybackServiceController {
  constructor(@Inject(PLAYBACK_CONFIG) private readonly config: PlaybackConfig) {}

  @GrpcMethod('PlaybackService', 'SignUrls')
  signUrls(request: playbackV1.SignUrlsRequest): playbackV1.SignUrlsResponse {
    const roomId = required(request.roomId, 'room_id');
    const { query, expiresAt } = this.sign(roomId, request.viewerId, request.ttlSeconds);
    const base = this.config.PLAYBACK_PUBLIC_URL;
    return { hlsUrl: `${base}/live/${roomId}/master.m3u8?${query}`, flvUrl: `${base}/live/${roomId}.flv?${query}`, expiresAt: String(expiresAt * 1000) };
  }

  @GrpcMethod('PlaybackService', 'SignRecordingUrl')
  signRecordingUrl(request: playbackV1.SignRecordingUrlRequest): playbackV1.SignRecordingUrlResponse {
    const recordingId = required(request.recordingId, 'recording_id');
    const { query, expiresAt } = this.sign(recordingId, request.viewerId, request.ttlSeconds);
    return { hlsUrl: `${this.config.PLAYBACK_PUBLIC_URL}/vod/${recordingId}/index.m3u8?${query}`, expiresAt: String(expiresAt * 1000) };
  }

  /** VOD grants bind the recording id where live grants bind the room id. */
  private sign(subject: string, viewerId: string, ttlSeconds: number): { query: string; expiresAt: number } {
    if (ttlSeconds < 0) throw new ValidationError('ttl_seconds', 'ttl_seconds must not be negative');
    const ttl = Math.min(ttlSeconds || this.config.PLAYBACK_URL_TTL_SECONDS, this.config.PLAYBACK_URL_MAX_TTL_SECONDS);
    const expiresAt = Math.floor(Date.now() / 1000) + ttl;
    const query = signPlaybackGrant({ roomId: subject, expiresAt, viewerId: viewerId || undefined }, this.config.PLAYBACK_SIGNING_SECRET);
    return { query: query.toString(), expiresAt };
  }
}

function required(value: string, field: string): string {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(value)) throw new ValidationError(field, `${field} must be 1-128 letters, digits, - or _`);
  return value;
}
