// `npm start` and `npm test` must work on a fresh clone: install dependencies when they are
// missing or older than the lockfile. Uses Node built-ins only (nothing is installed yet).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function ensureNodeModules(root, log = console.log) {
  const marker = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  // `npm install`, not `npm ci`: npm 11 writes lockfiles without other platforms' optional
  // binaries (swc, buf), which `npm ci` then rejects as out of sync.
  log('installing npm dependencies (npm install)…');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm install failed');
}
