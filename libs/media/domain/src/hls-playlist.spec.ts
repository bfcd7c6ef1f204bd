import { endedPlaylist, masterPlaylist, playlistDurationMs, segmentUris, variantsOf, withQueryOnUris } from './hls-playlist';
import { parseLadder } from './ladder';

const media = ['#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXT-X-MAP:URI="init.mp4"', '#EXTINF:2.000000,', 'a-1.ts', '#EXTINF:1.500000,', 'a-2.ts', ''].join('\n');

describe('HLS playlists', () => {
  it('lists every rendition in the master playlist, best first, with the resolution it will have', () => {
    const variants = variantsOf(parseLadder('360p@500,source,480p@900'), { width: 1280, height: 720, kbps: 2500 });
    expect(masterPlaylist(variants)).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:3',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-STREAM-INF:BANDWIDTH=2628000,RESOLUTION=1280x720,NAME="source"',
        'source/index.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=1028000,RESOLUTION=854x480,NAME="480p"',
        '480p/index.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=628000,RESOLUTION=640x360,NAME="360p"',
        '360p/index.m3u8',
        '',
      ].join('\n'),
    );
  });

  it('announces a source of unknown size without a resolution', () => {
    const [source] = variantsOf(parseLadder('source'), {});
    expect(masterPlaylist([source])).toContain('#EXT-X-STREAM-INF:BANDWIDTH=3000000,NAME="source"\n');
  });

  it('puts the signature on every URI, including attribute URIs', () => {
    const signed = withQueryOnUris(media, 'exp=1&sig=x');
    expect(segmentUris(signed)).toEqual(['a-1.ts?exp=1&sig=x', 'a-2.ts?exp=1&sig=x']);
    expect(signed).toContain('#EXT-X-MAP:URI="init.mp4?exp=1&sig=x"');
    expect(withQueryOnUris(media, '')).toBe(media);
  });

  it('sums durations and ends an unfinished recording once', () => {
    expect(playlistDurationMs(media)).toBe(3500);
    const ended = endedPlaylist(media);
    expect(ended.endsWith('a-2.ts\n#EXT-X-ENDLIST\n')).toBe(true);
    expect(endedPlaylist(ended)).toBe(ended);
    expect(ended).toMatch(/^#EXTM3U\n#EXT-X-PLAYLIST-TYPE:VOD\n/);
  });

  it('turns the EVENT playlist ffmpeg records into a VOD one, once', () => {
    const event = media.replace('#EXTM3U\n', '#EXTM3U\n#EXT-X-PLAYLIST-TYPE:EVENT\n');
    const ended = endedPlaylist(`${event}#EXT-X-ENDLIST\n`);
    expect(ended.match(/#EXT-X-PLAYLIST-TYPE:\w+/g)).toEqual(['#EXT-X-PLAYLIST-TYPE:VOD']);
    expect(ended.match(/#EXT-X-ENDLIST/g)).toHaveLength(1);
  });
});
