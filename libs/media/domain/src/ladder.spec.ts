import { fitLadder, parseLadder } from './ladder';

describe('HLS ladder', () => {
  it('parses pass-through and transcoded renditions', () => {
    expect(parseLadder('source, 480p@900,360p@500')).toEqual([
      { name: 'source', kind: 'copy' },
      { name: '480p', kind: 'transcode', height: 480, videoKbps: 900 },
      { name: '360p', kind: 'transcode', height: 360, videoKbps: 500 },
    ]);
  });

  it('refuses what ffmpeg could not produce, naming the variable', () => {
    expect(() => parseLadder('')).toThrow(/at least one/);
    expect(() => parseLadder('720p')).toThrow(/"720p"/);
    expect(() => parseLadder('481p@900')).toThrow(/even/);
    expect(() => parseLadder('480p@900,480p@700')).toThrow(/unique/);
    try {
      parseLadder('huge');
    } catch (error) {
      expect((error as { field?: string }).field).toBe('HLS_RENDITIONS');
    }
  });

  it('drops transcodes that would not be smaller than the source', () => {
    const ladder = parseLadder('source,720p@2500,480p@900,360p@500');
    expect(fitLadder(ladder, 480).map((r) => r.name)).toEqual(['source', '360p']);
    expect(fitLadder(ladder, undefined).map((r) => r.name)).toEqual(['source', '720p', '480p', '360p']);
    expect(fitLadder(parseLadder('720p@2500,480p@900'), 360).map((r) => r.name)).toEqual(['480p']);
  });
});
