// `npm test`: installs what is missing, provisions the same real MySQL/Redis/Kafka as `npm start`,
// builds (integration tests boot the built services), type-checks, lints, runs every project's
// Jest tests, and ends with one line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules } from '../setup/ensure-node-modules.mjs';
import { ensureNodeRuntime } from '../setup/ensure-node-runtime.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const log = (msg) => console.log(`[test] ${msg}`);
const jestArgs = process.argv.slice(2);

await ensureNodeRuntime(root, log);
ensureNodeModules(root, log);
const { ensureInfra, ensureFfmpeg, ensureChromium } = await import('../infra/infra.mjs');
await ensureFfmpeg(log);
// The web client's browser tests drive Debian's Chromium (never a downloaded browser).
await ensureChromium(log);
const infra = await ensureInfra({ kafka: true, log });
const env = { ...process.env, ...infra.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

function run(label, command, args) {
  log(`${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  return result.status === 0;
}

const checks = { passed: 0, failed: 0 };
function check(label, ok) {
  checks[ok ? 'passed' : 'failed'] += 1;
  log(`${label}: ${ok ? 'ok' : 'FAILED'}`);
}

let jestSummary = { numPassedTests: 0, numFailedTests: 0, numRuntimeErrorTestSuites: 0 };
try {
  const built = run('build', process.execPath, ['tools/build/build.mjs']);
  check('build', built);
  if (!jestArgs.length) {
    check('typecheck', run('typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']));
    // The browser client has its own settings (DOM, JSX); the root program holds only its platform-free .ts.
    check('typecheck web client', run('typecheck web client', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'apps/web/tsconfig.json']));
    // Nx's module-boundaries rule reads the cached project graph and silently skips itself
    // without one (a fresh clone has none), so compute the graph first.
    const graphed = run('project graph', process.execPath, ['node_modules/nx/bin/nx.js', 'show', 'projects']);
    check('lint (incl. module boundaries)', graphed && run('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', 'apps', 'libs', 'tools', '--max-warnings=0']));
  }
  if (built) {
    mkdirSync(join(root, 'tmp'), { recursive: true });
    const resultsFile = join(root, 'tmp/jest-results.json');
    run('jest', process.execPath, ['node_modules/jest/bin/jest.js', '--maxWorkers=2', '--json', `--outputFile=${resultsFile}`, ...jestArgs]);
    try {
      jestSummary = JSON.parse(readFileSync(resultsFile, 'utf8'));
    } catch {
      jestSummary.numRuntimeErrorTestSuites = 1;
    }
  }
} finally {
  await infra.stop();
}

const passed = jestSummary.numPassedTests + checks.passed;
// A suite that failed to run has no test results of its own; it still counts as a failure.
const failed = jestSummary.numFailedTests + jestSummary.numRuntimeErrorTestSuites + checks.failed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
