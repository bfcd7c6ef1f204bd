import { ffmpegArgs, TranscodePlan } from './ffmpeg-args';
import { parseLadder } from './ladder';

const plan = (ladder: string): TranscodePlan => ({
  inputUrl: 'http://127.0.0.1:8000/room/r1.flv',
  ladder: parseLadder(ladder),
  liveDir: '/media/live/r1',
  segmentPrefix: 'abc-0',
  segmentSeconds: 2,
  playlistSize: 6,
  preset: 'ultrafast',
  thumbnail: { path: '/media/live/r1/thumbnail.jpg', everySeconds: 5, height: 180 },
  recording: { dir: '/media/recordings/s1', segmentSeconds: 4 },
});

const after = (args: string[], flag: string) => args.filter((_, i) => args[i - 1] === flag);

describe('ffmpeg arguments of a stream', () => {
  it('decodes once and writes every rendition, the thumbnail and the recording', () => {
    const args = ffmpegArgs(plan('source,480p@900,360p@500'));
    expect(after(args, '-i')).toEqual(['http://127.0.0.1:8000/room/r1.flv']);
    expect(after(args, '-filter_complex')[0]).toBe(
      '[0:v]split=3[in480p][in360p][inthumb];[in480p]scale=-2:480[v480p];[in360p]scale=-2:360[v360p];[inthumb]fps=1/5,scale=-2:180[thumb]',
    );
    expect(args.filter((a) => a.endsWith('index.m3u8'))).toEqual([
      '/media/live/r1/source/index.m3u8',
      '/media/live/r1/480p/index.m3u8',
      '/media/live/r1/360p/index.m3u8',
      '/media/recordings/s1/index.m3u8',
    ]);
    expect(after(args, '-hls_segment_filename')[0]).toBe('/media/live/r1/source/abc-0-%d.ts');
    expect(after(args, '-b:v')).toEqual(['900k', '500k']);
    expect(args).toContain('/media/live/r1/thumbnail.jpg');
  });

  it('aligns the transcodes on the source keyframes, or on the segment length without a pass-through', () => {
    expect(after(ffmpegArgs(plan('source,360p@500')), '-force_key_frames')).toEqual(['source']);
    expect(after(ffmpegArgs(plan('480p@900,360p@500')), '-force_key_frames')).toEqual(['expr:gte(t,n_forced*2)', 'expr:gte(t,n_forced*2)']);
  });

  it('keeps live playlists short and the recording whole', () => {
    const args = ffmpegArgs(plan('source'));
    expect(after(args, '-hls_list_size')).toEqual(['6', '0']);
    expect(after(args, '-hls_playlist_type')).toEqual(['event']);
    expect(after(args, '-hls_flags')).toEqual(['delete_segments+independent_segments+temp_file+program_date_time', 'append_list+temp_file']);
  });
});
