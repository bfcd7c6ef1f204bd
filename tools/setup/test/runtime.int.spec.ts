import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestFleet, TestFleet } from '@ovation/testing';

const root = join(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string }; devDependencies: Record<string, string> };
const major = (version: string) => Number(version.replace(/^[^0-9]*/, '').split('.')[0]);

// `npm test` and `npm start` run on the Node that `engines` asks for (the pinned `node` package
// on a machine whose own Node is older): jest, and every service it boots, report it.
describe('the Node runtime', () => {
  it('jest runs on a Node that satisfies engines.node, the major of the pinned node package', () => {
    expect(major(pkg.engines.node)).toBe(major(pkg.devDependencies.node));
    expect(major(process.version)).toBeGreaterThanOrEqual(major(pkg.engines.node));
  });

  it('re-executes an older Node under the pinned binary, first on PATH, with its arguments and exit status', () => {
    // A root whose engines no Node satisfies, its "pinned" binary being this one: the parent must re-execute.
    const dir = mkdtempSync(join(tmpdir(), 'ovation-runtime-'));
    try {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ engines: { node: '>=99' }, devDependencies: { node: process.version.slice(1) } }));
      const bin = join(dir, '.ovation/node/node_modules/node/bin');
      mkdirSync(bin, { recursive: true });
      symlinkSync(process.execPath, join(bin, 'node'));
      const script = join(dir, 'probe.mjs');
      const ensure = join(root, 'tools/setup/ensure-node-runtime.mjs');
      writeFileSync(
        script,
        `import { ensureNodeRuntime } from ${JSON.stringify(ensure)};
         if (process.env.OVATION_NODE_REEXEC) { console.log(JSON.stringify({ argv: process.argv.slice(2), path: process.env.PATH.split(':')[0] })); process.exit(7); }
         await ensureNodeRuntime(${JSON.stringify(dir)}, () => {});
         console.log('not re-executed');`,
      );
      // As a first run: not marked as re-executed already (npm test itself may have been).
      const env = { ...process.env };
      delete env.OVATION_NODE_REEXEC;
      const result = spawnSync(process.execPath, [script, 'a', 'b'], { encoding: 'utf8', env });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(7);
      expect(JSON.parse(result.stdout)).toEqual({ argv: ['a', 'b'], path: bin });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('a booted service', () => {
    let fleet: TestFleet;
    beforeAll(async () => {
      fleet = await startTestFleet({ portOffset: 9700, only: ['gateway'] });
    }, 120_000);
    afterAll(() => fleet?.stop(), 60_000);

    it('runs on the same Node as jest (nodejs_version_info on /metrics)', async () => {
      const page = await (await fetch(`${fleet.url('gateway', 'OPS_PORT')}/metrics`)).text();
      const line = page.split('\n').find((l) => l.startsWith('nodejs_version_info{'));
      expect(line).toContain(`version="${process.version}"`);
    });
  });
});
