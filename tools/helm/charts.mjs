// Runs helm offline against a scratch copy of helm/: `helm dependency build` packages the file://
// dependencies (nothing is downloaded), then lint and template work on the copy, so the work tree
// never gets charts/*.tgz and concurrent runs do not collide.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { helmBinary } from './helm-binary.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const UMBRELLA = 'ovation';
export const LIBRARY = 'ovation-lib';

/** Every chart folder under helm/, the library first and the umbrella last (dependency order). */
export function chartNames() {
  const names = readdirSync(join(root, 'helm'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(root, 'helm', e.name, 'Chart.yaml')))
    .map((e) => e.name);
  const services = names.filter((n) => n !== UMBRELLA && n !== LIBRARY).sort();
  return [LIBRARY, ...services, UMBRELLA];
}

function helm(args, cwd) {
  const result = spawnSync(helmBinary(), args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // No repository index, cache or config of the user's: helm works on local files only.
    env: { PATH: process.env.PATH ?? '', HOME: cwd, HELM_CACHE_HOME: join(cwd, '.helm/cache'), HELM_CONFIG_HOME: join(cwd, '.helm/config'), HELM_DATA_HOME: join(cwd, '.helm/data') },
  });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

/** A scratch copy of helm/ (symlinked dashboards resolved) with every dependency built. */
export function prepareCharts() {
  const dir = mkdtempSync(join(tmpdir(), 'ovation-helm-'));
  cpSync(join(root, 'helm'), join(dir, 'helm'), { recursive: true, dereference: true, filter: (src) => !src.includes('/charts/') });
  for (const chart of chartNames().filter((c) => c !== LIBRARY)) {
    const built = helm(['dependency', 'build', chart], join(dir, 'helm'));
    if (!built.ok) throw new Error(`helm dependency build ${chart} failed:\n${built.output}`);
  }
  return join(dir, 'helm');
}

export function lint(chartsDir, chart, args = []) {
  return helm(['lint', '--strict', chart, ...args], chartsDir);
}

/** Parses `helm template` output into its objects (hooks included). */
export function parseObjects(output) {
  return parseAllDocuments(output)
    .map((doc) => {
      if (doc.errors.length) throw new Error(`rendered YAML does not parse: ${doc.errors[0].message}`);
      return doc.toJS();
    })
    .filter((object) => object !== null && object !== undefined);
}

/** `helm template <release> <chart> --namespace live <args>`: `{ ok, output, objects }` (objects only when ok). */
export function render(chartsDir, chart, args = [], release = 'ovation') {
  const rendered = helm(['template', release, chart, '--namespace', 'live', ...args], chartsDir);
  return { ...rendered, objects: rendered.ok ? parseObjects(rendered.output) : [] };
}

/** Renders the umbrella chart with the given helm arguments; returns every object, or throws with helm's message. */
export function template(chartsDir, args = [], release = 'ovation') {
  const rendered = render(chartsDir, UMBRELLA, args, release);
  if (!rendered.ok) throw new Error(`helm template ${release} ${UMBRELLA} ${args.join(' ')} failed:\n${rendered.output}`);
  return rendered.objects;
}
