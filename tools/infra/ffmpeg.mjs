// ffmpeg for the media pipeline: Debian's package, installed only when ffmpeg is not on PATH.
import { ensureDebianPackage } from './debian-package.mjs';

export async function ensureFfmpeg(log = console.log) {
  await ensureDebianPackage({ command: 'ffmpeg', pkg: 'ffmpeg', log });
}
