// `npm start` and `npm test` run on the Node the project pins (package.json devDependency `node`,
// a Node 24 LTS binary from the npm registry), even on a machine whose own Node is older: when the
// current Node is older than `engines.node`, install the pinned binary (once, into .ovation/node)
// and re-execute the same command under it, with its directory first on PATH so `npm` and every
// child process (services, jest) run on it too. Node built-ins only (nothing is installed yet).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

const major = (version) =>
  Number(
    String(version)
      .replace(/^[^0-9]*/, '')
      .split('.')[0],
  );

/**
 * Resolves when the current Node is new enough; otherwise re-executes under the pinned Node, forwards
 * SIGINT/SIGTERM to it (graceful fleet stop) and exits with its status, never resolving.
 */
export async function ensureNodeRuntime(root, log = console.log) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const wanted = major(pkg.engines.node);
  if (major(process.version) >= wanted) return;
  if (process.env.OVATION_NODE_REEXEC) throw new Error(`re-executed under ${process.execPath} (${process.version}), still older than ${pkg.engines.node}`);
  const pinned = pkg.devDependencies.node;
  const prefix = join(root, '.ovation/node');
  const binary = join(prefix, 'node_modules/node/bin/node');
  if (!existsSync(binary) || !spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.startsWith(`v${pinned}`)) {
    log(`Node ${process.version} is older than ${pkg.engines.node}: installing node@${pinned} from the npm registry…`);
    const result = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix, `node@${pinned}`], {
      cwd: root,
      stdio: 'inherit',
    });
    if (result.status !== 0 || !existsSync(binary)) throw new Error(`installing node@${pinned} failed`);
  }
  log(`re-running under Node ${pinned} (${binary})`);
  const env = { ...process.env, OVATION_NODE_REEXEC: '1', PATH: `${dirname(binary)}${delimiter}${process.env.PATH ?? ''}` };
  const child = spawn(binary, [...process.execArgv, ...process.argv.slice(1)], { cwd: process.cwd(), env, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  await new Promise(() => child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0))));
}
