// `npm run bench`: every `bench:*` script of package.json that has a runner on disk (fanout,
// gifts, media, …), one after the other; exits non-zero if any of them failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const benches = Object.entries(scripts)
  .filter(([name]) => name.startsWith('bench:'))
  .filter(([, command]) => {
    const runner = /node\s+(\S+\.m?js)/.exec(command)?.[1];
    return runner && existsSync(join(root, runner));
  });

const failed = [];
for (const [name] of benches) {
  process.stdout.write(`\n=== npm run ${name}\n`);
  const { status } = spawnSync('npm', ['run', '--silent', name], { cwd: root, stdio: 'inherit' });
  if (status !== 0) failed.push(name);
}
process.stdout.write(`\n${benches.length - failed.length} of ${benches.length} benchmarks finished${failed.length ? `; failed: ${failed.join(', ')}` : ''}\n`);
process.exitCode = failed.length ? 1 : 0;
