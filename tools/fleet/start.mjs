// `npm start`: installs what is missing, provisions MySQL/Redis/Kafka, builds, migrates, starts
// every service as its own process, waits for every /readyz, and stops all of it on Ctrl-C/SIGTERM.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules } from '../setup/ensure-node-modules.mjs';
import { ensureNodeRuntime } from '../setup/ensure-node-runtime.mjs';
import { demoEnabled, startDemo } from './demo.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const log = (msg) => console.log(`\x1b[1m[fleet]\x1b[0m ${msg}`);
const started = Date.now();

await ensureNodeRuntime(root, log);
ensureNodeModules(root, log);
const { ensureInfra, ensureFfmpeg } = await import('../infra/infra.mjs');
await ensureFfmpeg(log);
const infra = await ensureInfra({ kafka: true, log });

log('building…');
if (spawnSync(process.execPath, ['tools/build/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) {
  await infra.stop();
  process.exit(1);
}

const { startFleet } = require('./supervisor.cjs');
const { SERVICES, portsOf } = require('./services.cjs');
let fleet;
try {
  // Local development only: development logins on, signed with a well-known secret.
  const development = {
    NODE_ENV: 'development',
    DEV_TOKENS_ENABLED: 'true',
    DEV_RECHARGE_ENABLED: 'true',
    JWT_HS256_SECRET: 'ovation-local-development-secret-not-for-production',
    JOIN_TOKEN_SECRET: 'ovation-local-join-token-secret-not-for-production',
    PLAYBACK_SIGNING_SECRET: 'ovation-local-playback-signing-secret-not-for-production',
    STREAM_KEY_SECRET: 'ovation-local-stream-key-secret-not-for-production',
    FLV_ORIGIN_SECRET: 'ovation-local-flv-origin-secret-not-for-production',
    OPS_TOKEN: 'ovation-local-ops-token-not-for-production',
  };
  fleet = await startFleet({ env: { ...development, ...process.env, ...infra.env }, log });
} catch (error) {
  log(`start failed: ${error.message}`);
  await infra.stop();
  process.exit(1);
}

const p = (name) => portsOf(SERVICES.find((s) => s.name === name));
log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s
  REST API + demo client  http://localhost:${p('gateway').HTTP_PORT}/   (OpenAPI: /docs, /openapi.json)
  WebSocket push nodes    ws://localhost:${p('danmaku-push-1').WS_PORT}/ws  ws://localhost:${p('danmaku-push-2').WS_PORT}/ws
  RTMP ingest             rtmp://localhost:${p('ingest').RTMP_PORT}/live/<stream key>
  Playback (HLS/FLV)      http://localhost:${p('playback').HTTP_PORT}/
  Ops (/healthz /readyz /metrics): ${SERVICES.map((s) => `${s.name} :${p(s.name).OPS_PORT}`).join(', ')}
  Ctrl-C stops everything.`);

// A live demo room, so the first look at the client is not an empty page (--no-demo, OVATION_DEMO=false).
const demo = demoEnabled()
  ? await startDemo({ gatewayUrl: `http://127.0.0.1:${p('gateway').HTTP_PORT}`, log }).catch((error) => log(`demo not started: ${error.message}`))
  : undefined;

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping the fleet…`);
  await demo?.stop();
  await fleet.stop();
  await infra.stop();
  log('stopped');
  process.exit(0);
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
for (const running of fleet.running) {
  running.exited.then(({ code, signal }) => {
    if (!stopping) log(`${running.service.name} exited unexpectedly (code ${code}, signal ${signal})`);
  });
}
