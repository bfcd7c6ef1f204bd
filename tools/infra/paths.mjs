// Where provisioning keeps its state. Runtime state (data, logs, pid files) lives in the work
// tree's gitignored .ovation/ so `rm -rf .ovation` resets it; downloads live outside the work tree
// so a fresh clone on the same machine reuses them.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const infraDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(infraDir, '..', '..');
export const stateDir = path.join(repoRoot, '.ovation');
export const cacheDir = process.env.OVATION_CACHE || path.join(os.homedir(), '.cache', 'ovation');

/** The state folder of one service, e.g. .ovation/kafka. */
export function serviceDir(service) {
  return path.join(stateDir, service);
}
