#!/usr/bin/env node
// `node tools/infra/up.mjs [--media]`: provisions MySQL, Redis and Kafka (left running, detached)
// and prints the env variables that point at them. --media also installs ffmpeg.
import { ensureFfmpeg, ensureInfra } from './infra.mjs';
import { prefixed, secondsSince } from './log.mjs';

const say = prefixed();
const startedAt = Date.now();
try {
  const { env, started } = await ensureInfra();
  if (process.argv.includes('--media')) await ensureFfmpeg();
  say(`ready in ${secondsSince(startedAt)}; started: ${started.join(', ') || 'nothing (all were running)'}`);
  // A password the environment gave is not printed back (the local servers' is empty).
  for (const [key, value] of Object.entries(env)) console.log(/PASSWORD$/.test(key) && value ? `# ${key} as set` : `${key}=${value}`);
} catch (error) {
  say(`failed: ${error.message}`);
  process.exitCode = 1;
}
