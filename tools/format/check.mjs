// `npm run format:check`: Prettier on the files listed in files.txt (files that already comply;
// the repository is not reformatted in one go, see CONTRIBUTING.md). Fails when one drifts.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const files = readFileSync(join(root, 'tools/format/files.txt'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const result = spawnSync(process.execPath, [join(root, 'node_modules/prettier/bin/prettier.cjs'), '--check', ...files], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
