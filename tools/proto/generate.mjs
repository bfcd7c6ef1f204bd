// Generates libs/contracts/src/generated from proto/ with the local buf and ts-proto binaries
// (no network): lint first, so a proto that breaks buf's STANDARD rules never gets generated.
// Usage: node tools/proto/generate.mjs [--out <dir>]   (default: libs/contracts/src/generated)
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outFlag = process.argv.indexOf('--out');
const outDir = outFlag === -1 ? join(root, 'libs/contracts/src/generated') : resolve(process.argv[outFlag + 1]);

const buf = join(root, 'node_modules/.bin/buf');
const run = (...args) => execFileSync(buf, args, { cwd: root, stdio: 'inherit' });

run('lint', 'proto');
// Start empty so a deleted or renamed proto leaves no stale TypeScript behind.
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
run('generate', 'proto', '--template', 'proto/buf.gen.yaml', '--output', outDir);
console.log(`generated TypeScript from proto/ into ${outDir}`);
