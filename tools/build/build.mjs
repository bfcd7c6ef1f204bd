// Compiles TypeScript sources to dist/ (mirroring the source tree) with swc.
// Path aliases (@ovation/*) are rewritten to relative requires and every npm package stays an
// external require, so OpenTelemetry can patch grpc-js, kafkajs, ioredis and mysql2 at load time.
// The browser client (apps/web) is not compiled here but bundled by Vite (./web.mjs).
// Usage: node tools/build/build.mjs [projectRoot ...]   (no argument: apps/, libs/ and proto/)
import { transformFile } from '@swc/core';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWebClient } from './web.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const webRoot = join(root, 'apps/web');
const outRoot = join(root, 'dist');
const tsconfig = JSON.parse(await readFile(join(root, 'tsconfig.base.json'), 'utf8'));

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
    baseUrl: root,
    paths: tsconfig.compilerOptions.paths,
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
  swcrc: false,
};

const isSource = (name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.spec.ts');

async function* sourceFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'test') continue;
    const full = join(dir, entry.name);
    if (isWeb(full)) continue;
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (isSource(entry.name)) yield full;
  }
}

async function compile(file) {
  const rel = relative(root, file);
  const out = join(outRoot, rel.replace(/\.ts$/, '.js'));
  const { code, map } = await transformFile(file, { ...swcOptions, filename: file, sourceFileName: relative(dirname(out), file) });
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
  if (map) await writeFile(`${out}.map`, map);
}

const isWeb = (path) => path === webRoot || path.startsWith(`${webRoot}/`);

async function build(projectRoot) {
  const dir = resolve(root, projectRoot);
  if (isWeb(dir)) return 0;
  const jobs = [];
  for await (const file of sourceFiles(dir)) jobs.push(compile(file));
  await Promise.all(jobs);
  return jobs.length;
}

const targets = process.argv.slice(2);
const started = Date.now();
let count = 0;
for (const target of targets.length ? targets : ['apps', 'libs']) {
  count += await build(target);
}
const web = targets.length === 0 || targets.some((target) => webRoot.startsWith(resolve(root, target)));
const webBuilt = web && (await buildWebClient(root));
// gRPC services are loaded from .proto at run time; the built tree carries them beside the code.
await cp(join(root, 'proto'), join(outRoot, 'proto'), { recursive: true });
console.log(`built ${count} files${webBuilt ? ' and the web client' : ''} in ${Date.now() - started} ms`);
