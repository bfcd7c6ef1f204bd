// Tools the project runs but does not ship (ffmpeg, Chromium): Debian's package, installed only
// when it is not already there. Installing needs root; otherwise the error says what to run.
import { existsSync } from 'node:fs';
import { prefixed, secondsSince } from './log.mjs';
import { onPath, run } from './run.mjs';

/** Makes `command` runnable (or, for a package without one, `file` present), installing Debian package `pkg` with apt-get when it is missing. */
export async function ensureDebianPackage({ command, file, pkg, log = console.log }) {
  const say = prefixed(log);
  const present = () => (file ? existsSync(file) : onPath(command));
  if (present()) {
    say(`${pkg}: already installed`);
    return;
  }
  if (process.getuid?.() !== 0) {
    throw new Error(`${pkg}: ${file ?? command} is missing, and installing it needs root (apt-get install -y ${pkg})`);
  }
  const startedAt = Date.now();
  say(`${pkg}: installing Debian package ${pkg} (apt-get)`);
  await run(pkg, 'sh', ['-c', `apt-get update && apt-get install -y --no-install-recommends ${pkg}`], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!present()) throw new Error(`${pkg}: apt-get install succeeded but ${file ?? command} is still missing`);
  say(`${pkg}: installed in ${secondsSince(startedAt)}`);
}
