#!/usr/bin/env node
// `node tools/infra/down.mjs`: stops the servers the project started; servers it found running are left alone.
import { stopInfra } from './infra.mjs';
import { prefixed } from './log.mjs';

try {
  await stopInfra();
} catch (error) {
  prefixed()(`failed: ${error.message}`);
  process.exitCode = 1;
}
