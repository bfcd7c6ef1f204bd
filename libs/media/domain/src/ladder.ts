import { ValidationError } from '@ovation/errors';

/** One HLS rendition: the publisher's own video passed through, or a transcode to a height and bitrate. */
export type Rendition = { name: string; kind: 'copy' } | { name: string; kind: 'transcode'; height: number; videoKbps: number };

const TRANSCODE = /^(\d{3,4})p@(\d{2,5})$/;

/**
 * Parses a ladder such as `source,480p@900,360p@500`: `source` passes the publisher's video through
 * untouched (no CPU), `<height>p@<kbps>` transcodes. Names are unique; at least one rendition.
 */
export function parseLadder(spec: string, field = 'HLS_RENDITIONS'): Rendition[] {
  const items = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new ValidationError(field, 'the HLS ladder needs at least one rendition');
  const ladder = items.map((item): Rendition => {
    if (item === 'source') return { name: 'source', kind: 'copy' };
    const match = TRANSCODE.exec(item);
    if (!match) throw new ValidationError(field, `rendition "${item}" is neither "source" nor "<height>p@<kbps>" (e.g. 480p@900)`);
    const height = Number(match[1]);
    if (height % 2 !== 0 || height < 144 || height > 2160) throw new ValidationError(field, `rendition "${item}": height must be even, 144..2160`);
    return { name: `${height}p`, kind: 'transcode', height, videoKbps: Number(match[2]) };
  });
  const names = new Set(ladder.map((r) => r.name));
  if (names.size !== ladder.length) throw new ValidationError(field, 'rendition names must be unique');
  return ladder;
}

/**
 * The renditions worth producing for a source of `sourceHeight` (unknown: all of them): a transcode
 * at or above the source's own height only burns CPU for no extra quality. Never empty: a ladder of
 * transcodes only keeps its smallest.
 */
export function fitLadder(ladder: Rendition[], sourceHeight?: number): Rendition[] {
  if (!sourceHeight) return ladder;
  const fitting = ladder.filter((r) => r.kind === 'copy' || r.height < sourceHeight);
  if (fitting.length > 0) return fitting;
  const transcodes = ladder.filter((r): r is Extract<Rendition, { kind: 'transcode' }> => r.kind === 'transcode');
  return [transcodes.reduce((a, b) => (a.height <= b.height ? a : b))];
}
