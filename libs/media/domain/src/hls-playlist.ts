import { Rendition } from './ladder';

/** What the master playlist says about one rendition. */
export interface VariantInfo {
  name: string;
  /** Peak bits per second, video and audio. */
  bandwidth: number;
  width?: number;
  height?: number;
}

/** Audio is copied from the source into every rendition; this is what it adds to a variant's bandwidth. */
const AUDIO_BPS = 128_000;
/** What a pass-through rendition is announced at when the publisher did not say its bitrate. */
const UNKNOWN_SOURCE_BPS = 3_000_000;

/** Describes the ladder for the master playlist, from what the publisher's metadata told (all optional). */
export function variantsOf(ladder: Rendition[], source: { width?: number; height?: number; kbps?: number }): VariantInfo[] {
  const aspect = source.width && source.height ? source.width / source.height : undefined;
  return ladder.map((r) => {
    if (r.kind === 'copy') {
      return { name: r.name, bandwidth: source.kbps ? source.kbps * 1000 + AUDIO_BPS : UNKNOWN_SOURCE_BPS, width: source.width, height: source.height };
    }
    const width = aspect ? Math.round((r.height * aspect) / 2) * 2 : undefined;
    return { name: r.name, bandwidth: r.videoKbps * 1000 + AUDIO_BPS, width, height: r.height };
  });
}

/** The master playlist: each rendition's playlist at `<name>/index.m3u8`, highest bandwidth first. */
export function masterPlaylist(variants: VariantInfo[]): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const v of [...variants].sort((a, b) => b.bandwidth - a.bandwidth)) {
    const resolution = v.width && v.height ? `,RESOLUTION=${v.width}x${v.height}` : '';
    lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${v.bandwidth}${resolution},NAME="${v.name}"`, `${v.name}/index.m3u8`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A relative URI resolved by a player drops the query of the playlist it came from, so every
 * URI in a served playlist carries the viewer's signature itself.
 */
export function withQueryOnUris(playlist: string, query: string): string {
  if (!query) return playlist;
  const sign = (uri: string) => `${uri}${uri.includes('?') ? '&' : '?'}${query}`;
  return playlist
    .split('\n')
    .map((line) => {
      if (line === '' || line.startsWith('#')) return line.replace(/URI="([^"]+)"/g, (_, uri: string) => `URI="${sign(uri)}"`);
      return sign(line.trim());
    })
    .join('\n');
}

/** The URIs of a media playlist's segments, in order. */
export function segmentUris(playlist: string): string[] {
  return playlist.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

/** Total of a media playlist's segment durations, in milliseconds. */
export function playlistDurationMs(playlist: string): number {
  let seconds = 0;
  for (const match of playlist.matchAll(/^#EXTINF:([\d.]+)/gm)) seconds += Number(match[1]);
  return Math.round(seconds * 1000);
}

/**
 * A finished recording as a complete VOD playlist: ENDLIST (even if ffmpeg died before writing
 * it) and `PLAYLIST-TYPE:VOD` (ffmpeg records it as an EVENT playlist, which tells players it may grow).
 */
export function endedPlaylist(playlist: string): string {
  const vod = /^#EXT-X-PLAYLIST-TYPE:/m.test(playlist)
    ? playlist.replace(/^#EXT-X-PLAYLIST-TYPE:.*$/m, '#EXT-X-PLAYLIST-TYPE:VOD')
    : playlist.replace(/^#EXTM3U[^\n]*\n/, (head) => `${head}#EXT-X-PLAYLIST-TYPE:VOD\n`);
  if (/^#EXT-X-ENDLIST\s*$/m.test(vod)) return vod;
  return `${vod.replace(/\n*$/, '\n')}#EXT-X-ENDLIST\n`;
}
