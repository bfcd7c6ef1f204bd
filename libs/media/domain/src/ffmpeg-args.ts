import { Rendition } from './ladder';

/** Everything one ffmpeg run needs: where the stream comes from and where each product goes. */
export interface TranscodePlan {
  /** The stream on this node's origin, e.g. http://127.0.0.1:8000/room/<roomId>.flv. */
  inputUrl: string;
  ladder: Rendition[];
  /** Directory of the room's live HLS: one sub-directory per rendition. */
  liveDir: string;
  /** Unique per stream and per ffmpeg run, so no segment name is ever reused (segments are cached as immutable). */
  segmentPrefix: string;
  segmentSeconds: number;
  /** Segments kept in a live playlist (older ones are deleted). */
  playlistSize: number;
  /** libx264 preset of the transcodes (ultrafast on small machines). */
  preset: string;
  thumbnail: { path: string; everySeconds: number; height: number };
  /** The recording: an HLS event playlist of the untouched stream, appended to across ffmpeg restarts. */
  recording: { dir: string; segmentSeconds: number };
}

const join = (...parts: string[]) => parts.join('/').replace(/\/+/g, '/');

/**
 * The arguments of the one ffmpeg process of a stream: decode once, split into the transcoded
 * renditions and the thumbnail, copy the source into its rendition and the recording. Keyframes
 * of the transcodes are forced where the source has its own, so every rendition's segments start
 * at the same instants (players switch renditions on segment boundaries); a ladder without a
 * pass-through forces one every segment instead. Stop it gracefully with `q` on stdin.
 */
export function ffmpegArgs(plan: TranscodePlan): string[] {
  const transcodes = plan.ladder.filter((r): r is Extract<Rendition, { kind: 'transcode' }> => r.kind === 'transcode');
  const hasCopy = plan.ladder.some((r) => r.kind === 'copy');
  const branches = transcodes.length + 1;
  const filter = [
    `[0:v]split=${branches}${transcodes.map((r) => `[in${r.name}]`).join('')}[inthumb]`,
    ...transcodes.map((r) => `[in${r.name}]scale=-2:${r.height}[v${r.name}]`),
    `[inthumb]fps=1/${plan.thumbnail.everySeconds},scale=-2:${plan.thumbnail.height}[thumb]`,
  ].join(';');
  const keyframes = hasCopy ? 'source' : `expr:gte(t,n_forced*${plan.segmentSeconds})`;

  const args = ['-hide_banner', '-loglevel', 'warning', '-y', '-analyzeduration', '1000000', '-i', plan.inputUrl, '-filter_complex', filter];
  for (const rendition of plan.ladder) {
    if (rendition.kind === 'copy') {
      args.push('-map', '0:v:0', '-map', '0:a:0?', '-c:v', 'copy');
    } else {
      const kbps = rendition.videoKbps;
      args.push('-map', `[v${rendition.name}]`, '-map', '0:a:0?', '-c:v', 'libx264', '-preset', plan.preset, '-tune', 'zerolatency');
      args.push('-pix_fmt', 'yuv420p', '-b:v', `${kbps}k`, '-maxrate', `${kbps}k`, '-bufsize', `${kbps * 2}k`);
      args.push('-g', '600', '-sc_threshold', '0', '-force_key_frames', keyframes);
    }
    args.push('-c:a', 'copy', '-f', 'hls', '-hls_time', String(plan.segmentSeconds), '-hls_list_size', String(plan.playlistSize));
    args.push('-hls_start_number_source', 'epoch', '-hls_flags', 'delete_segments+independent_segments+temp_file+program_date_time');
    args.push('-hls_segment_filename', join(plan.liveDir, rendition.name, `${plan.segmentPrefix}-%d.ts`), join(plan.liveDir, rendition.name, 'index.m3u8'));
  }
  args.push('-map', '[thumb]', '-f', 'image2', '-update', '1', '-atomic_writing', '1', '-q:v', '5', plan.thumbnail.path);
  args.push('-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', '-f', 'hls', '-hls_time', String(plan.recording.segmentSeconds));
  args.push('-hls_list_size', '0', '-hls_playlist_type', 'event', '-hls_flags', 'append_list+temp_file');
  args.push('-hls_segment_filename', join(plan.recording.dir, '%d.ts'), join(plan.recording.dir, 'index.m3u8'));
  return args;
}
