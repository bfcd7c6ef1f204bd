// Starts built services as separate `node` processes (OpenTelemetry preloaded, exactly as in
// production), prefixes their logs, waits for /readyz, and stops them gracefully.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');
const { SERVICES, portsOf, discoveryEnv } = require('./services.cjs');

const ROOT = path.resolve(__dirname, '../..');
const PRELOAD = path.join(ROOT, 'dist/libs/platform/observability/src/preload.js');
const COLORS = [36, 32, 33, 35, 34, 96, 92, 93, 95];
const RECENT_LINES = 40;

function entry(app, file = 'main') {
  return path.join(ROOT, 'dist/apps', app, 'src', `${file}.js`);
}

/** Turns one JSON log line into `name | LEVEL msg {fields}`; other lines pass through. */
function formatLine(name, color, line, raw) {
  const tag = `\x1b[${color}m${name.padEnd(15)}\x1b[0m|`;
  if (raw) return `${tag} ${line}`;
  try {
    const { level, msg, time, service, pid, hostname, ...rest } = JSON.parse(line);
    void time; void service; void pid; void hostname;
    const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
    return `${tag} ${String(level).toUpperCase().padEnd(5)} ${msg}${extra}`;
  } catch {
    return `${tag} ${line}`;
  }
}

function serviceEnv(service, options) {
  const offset = options.portOffset ?? 0;
  return {
    ...process.env,
    ...options.env,
    ...discoveryEnv(offset),
    ...portsOf(service, offset),
    SERVICE_NAME: service.app,
    OTEL_SERVICE_NAME: service.app,
    NODE_ID: `${service.name}@${offset}`,
    ...(service.app && options.databaseSuffix ? { MYSQL_DATABASE: `ovation_${service.app.replace('-', '_')}${options.databaseSuffix}` } : {}),
    ...(options.serviceEnv?.[service.name] ?? {}),
  };
}

/**
 * Runs the migrations of the chosen services (default: all), once per app: a separate entry
 * point, as a Helm hook Job would.
 */
function migrate(options = {}) {
  const chosen = options.only ? SERVICES.filter((s) => options.only.includes(s.name)) : SERVICES;
  const migrating = chosen.filter((s, i) => s.migrates && chosen.findIndex((o) => o.app === s.app) === i);
  for (const service of migrating) {
    const result = spawnSync(process.execPath, [entry(service.app, 'migrate')], { env: serviceEnv(service, options), encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`migrations of ${service.name} failed:\n${result.stderr || result.stdout}`);
    options.log?.(`migrated ${service.name}: ${result.stdout.trim().split('\n').pop()}`);
  }
}

function startService(service, options = {}) {
  const color = COLORS[SERVICES.indexOf(service) % COLORS.length];
  // FLEET_NODE_ARGS adds node flags to every service, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile a benchmark.
  const nodeArgs = (process.env.FLEET_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--require', PRELOAD, entry(service.app)], {
    env: serviceEnv(service, options),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const print = options.print ?? ((line) => process.stdout.write(`${line}\n`));
  // The last lines a service printed, so a start-up failure can say what the service said.
  const recent = [];
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      recent.push(line);
      if (recent.length > RECENT_LINES) recent.shift();
      print(formatLine(service.name, color, line, options.rawLogs), service.name);
    });
  }
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { service, child, exited, recent, ports: portsOf(service, options.portOffset ?? 0) };
}

async function waitReady(running, deadlineMs) {
  const url = `http://127.0.0.1:${running.ports.OPS_PORT}/readyz`;
  const deadline = Date.now() + deadlineMs;
  let last = 'no answer';
  let exited = false;
  running.exited.then(() => { exited = true; });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${running.service.name} exited before it was ready${lastWords(running)}`);
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
      last = await res.text();
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${running.service.name} not ready after ${deadlineMs} ms: ${last}${lastWords(running)}`);
}

function lastWords(running) {
  return running.recent.length ? `; its last lines:\n${running.recent.join('\n')}` : '';
}

async function stopService(running, graceMs = 15000) {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return running.exited;
  running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), graceMs);
  const result = await running.exited;
  clearTimeout(timer);
  return result;
}

/**
 * Starts the named services (default: all) and waits until each is ready.
 * options: { env, portOffset, databaseSuffix, serviceEnv: {name: env}, only: [names], print, rawLogs, readyTimeoutMs, log }
 */
async function startFleet(options = {}) {
  const chosen = options.only ? SERVICES.filter((s) => options.only.includes(s.name)) : SERVICES;
  if (options.migrate !== false) migrate({ ...options });
  const running = chosen.map((service) => startService(service, options));
  const fleet = {
    running,
    byName: (name) => running.find((r) => r.service.name === name),
    stop: () => Promise.all(running.map((r) => stopService(r))),
  };
  try {
    await Promise.all(running.map((r) => waitReady(r, options.readyTimeoutMs ?? 60000)));
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  return fleet;
}

module.exports = { startFleet, startService, stopService, waitReady, migrate, ROOT };
