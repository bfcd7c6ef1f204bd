// The capture time of every video frame, drawn into the frame itself as a binary bar pattern, so
// it survives encoding, transcoding, scaling and segmenting and is read back from decoded pixels
// (no OCR). Frame timestamps are set from the wall clock when the frame is produced (setpts with
// RTCTIME), in centiseconds since `baseMs`; bit k is a white or black bar in the top strip.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const BITS = 20;
const WIDTH = 640;
const HEIGHT = 360;
const BAR = WIDTH / BITS;
const STRIP = 40;

/** The video filter of the publisher: wall-clock timestamps, and the bars that carry them. */
export function timecodeFilter(baseMs) {
  const bars = Array.from({ length: BITS }, (_, k) =>
    `drawbox=x=${k * BAR}:y=0:w=${BAR}:h=${STRIP}:color=white:t=fill:enable='eq(mod(floor(t*100/${2 ** k}),2),1)'`);
  return [
    `setpts=(RTCTIME-${baseMs * 1000})/(TB*1000000)`,
    `drawbox=x=0:y=0:w=${WIDTH}:h=${STRIP}:color=black:t=fill`,
    ...bars,
  ].join(',');
}

export const SOURCE = `testsrc=size=${WIDTH}x${HEIGHT}:rate=25`;

/** Reads the capture time (epoch ms) off the first video frame of a media file or URL. */
export async function captureTimeOfFirstFrame(input, baseMs) {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', input, '-frames:v', '1', '-vf', `scale=${WIDTH}:${HEIGHT},format=gray`, '-f', 'rawvideo', '-'], {
    encoding: 'buffer',
    maxBuffer: WIDTH * HEIGHT * 2,
  });
  const row = Math.floor(STRIP / 2) * WIDTH;
  let centiseconds = 0;
  for (let k = 0; k < BITS; k += 1) if (stdout[row + k * BAR + BAR / 2] > 128) centiseconds += 2 ** k;
  return baseMs + centiseconds * 10;
}
