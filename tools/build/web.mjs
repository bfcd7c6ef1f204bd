// The browser client (apps/web): bundled by Vite into dist/apps/web, which the gateway serves at /.
// Skipped when nothing it is built from changed since the last build (a hash of its sources and
// the lockfile, kept beside the output), so the everyday build stays fast.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const STAMP = '.source-hash';

async function* inputs(dir) {
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules' || entry.name === 'test' || entry.name.endsWith('.spec.ts')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* inputs(full);
    else yield full;
  }
}

async function sourceHash(root) {
  const hash = createHash('sha256');
  for await (const file of inputs(join(root, 'apps/web'))) hash.update(file).update(await readFile(file));
  hash.update(await readFile(join(root, 'package-lock.json')));
  return hash.digest('hex');
}

/** Builds the client unless dist/apps/web already holds a build of exactly these sources. Returns whether it built. */
export async function buildWebClient(root) {
  const outDir = join(root, 'dist/apps/web');
  const hash = await sourceHash(root);
  const stamp = join(outDir, STAMP);
  if (existsSync(stamp) && (await readFile(stamp, 'utf8')) === hash) return false;
  const { build } = await import('vite');
  await build({ configFile: join(root, 'apps/web/vite.config.mjs'), logLevel: 'warn' });
  await writeFile(stamp, hash);
  return true;
}
