import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const workspaceRoot = resolve(__dirname, '../../..');
const committed = join(__dirname, 'generated');

function readTree(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return Object.fromEntries(
    files.map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return [relative(dir, path), readFileSync(path, 'utf8')];
    }),
  );
}

describe('generated contracts', () => {
  let fresh: string;

  beforeAll(() => {
    fresh = mkdtempSync(join(tmpdir(), 'ovation-contracts-'));
    execFileSync('node', [join(workspaceRoot, 'tools/proto/generate.mjs'), '--out', fresh], { cwd: workspaceRoot, stdio: 'pipe' });
  }, 120_000);

  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it('are what proto/ generates today (run `npm run proto:gen` after editing a .proto)', () => {
    expect(readTree(committed)).toEqual(readTree(fresh));
  });
});
