import { signPlaybackGrant } from '@ovation/media-domain';

export interface PlaybackUrls {
  hls: string;
  flv: string;
  expiresAt: string;
}

export interface PlaybackSigning {
  publicUrl: string;
  secret: string;
  ttlSeconds: number;
}

/**
 * Signed live playback URLs of a room (the playback contract): the HLS master playlist and the
 * HTTP-FLV stream, both carrying one grant; variants and segments reuse the same query.
 */
export function livePlaybackUrls(roomId: string, signing: PlaybackSigning, nowMs = Date.now()): PlaybackUrls {
  const expiresAt = Math.floor(nowMs / 1000) + signing.ttlSeconds;
  const query = signPlaybackGrant({ roomId, expiresAt }, signing.secret).toString();
  const base = signing.publicUrl.replace(/\/+$/, '');
  const room = encodeURIComponent(roomId);
  return {
    hls: `${base}/live/${room}/master.m3u8?${query}`,
    flv: `${base}/live/${room}.flv?${query}`,
    expiresAt: new Date(expiresAt * 1000).toISOString(),
  };
}
