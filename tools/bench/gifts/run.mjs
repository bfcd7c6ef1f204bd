// `npm run bench:gifts`: gift sends through the gateway against the real MariaDB, Redis and Kafka,
// then a reconciliation of the books. Starts the built room, gift and gateway (port offset 5600,
// a namespace of its own, databases dropped afterwards), takes rooms live the way ingest does,
// tops up senders, and drives closed-loop POST /v1/rooms/{id}/gifts for a bounded time.
// Usage: node tools/bench/gifts/run.mjs [--duration 10] [--concurrency 48] [--rooms 20] [--senders 500] [--max-sends 100000] [--port-offset 5600]
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuMeter, pidsMatching } from '../proc-stats.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(import.meta.url);
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '48' },
    rooms: { type: 'string', default: '20' },
    senders: { type: 'string', default: '500' },
    'max-sends': { type: 'string', default: '100000' },
    'port-offset': { type: 'string', default: '5600' },
  },
});
const options = Object.fromEntries(Object.entries(args).map(([name, value]) => [name, Number(value)]));
const log = (message) => console.log(`[bench:gifts] ${message}`);

const { startFleet } = require(join(root, 'tools/fleet/supervisor.cjs'));
const { kafkaCodecs, Topics } = require(join(root, 'dist/libs/contracts/src/index.js'));
const { infraEnv, testSecrets, dropDatabases, dropTopics, waitFor } = require(join(root, 'dist/libs/platform/testing/src/index.js'));
const { Kafka, logLevel, Partitioners } = require('kafkajs');

const namespace = `bench${randomBytes(3).toString('hex')}`;
const databaseSuffix = `_${namespace}`;
const env = {
  ...infraEnv(),
  ...testSecrets,
  KAFKA_NAMESPACE: namespace,
  REDIS_KEY_PREFIX: `${namespace}:`,
  DEV_TOKENS_ENABLED: 'true',
  DEV_RECHARGE_ENABLED: 'true',
  // Every request comes from 127.0.0.1: the per-IP limit would measure itself. Per-user limits stay on.
  RATE_LIMIT_PER_IP_PER_MINUTE: '0',
  LOG_LEVEL: 'warn',
};

log(`starting room, gift and gateway (namespace ${namespace}, port offset ${options['port-offset']})…`);
const fleet = await startFleet({ only: ['room', 'gift', 'gateway'], portOffset: options['port-offset'], databaseSuffix, env, print: () => undefined, readyTimeoutMs: 90_000 });
const port = (name, key) => fleet.byName(name).ports[key];
const base = `http://127.0.0.1:${port('gateway', 'HTTP_PORT')}`;

// node:http with keep-alive: the load generator shares the two cores with what it measures, and
// costs a third of what fetch() does per request.
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
function call(method, path, token, body) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(`${base}${path}`, {
      method,
      agent,
      headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    outgoing.on('error', reject);
    outgoing.on('response', (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        let parsed = {};
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString());
        } catch {
          // not JSON: an empty body or an HTML page
        }
        resolve({ status: response.statusCode, body: parsed });
      });
    });
    outgoing.end(payload);
  });
}
const token = async (userId, role) => (await call('POST', '/v1/dev/tokens', undefined, { userId, role, ttlSeconds: 3600 })).body.token;

try {
  // Rooms, taken live by a StreamStarted lifecycle event (what ingest publishes).
  const kafka = new Kafka({ clientId: 'bench-gifts', brokers: env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const rooms = [];
  for (let i = 0; i < options.rooms; i += 1) {
    const { body } = await call('POST', '/v1/rooms', await token(`bench-streamer-${i}`, 'streamer'), { title: `Bench room ${i}` });
    const started = kafkaCodecs[Topics.streamLifecycle].encode({ roomId: body.id, streamId: randomUUID(), ingestNode: 'bench', atMs: String(Date.now()), started: { renditions: ['source'], flvOriginUrl: '', hlsMasterUrl: '', width: 1280, height: 720 } });
    await producer.send({ topic: `${namespace}.${Topics.streamLifecycle}`, messages: [{ key: body.id, value: started }] });
    rooms.push(body.id);
  }
  await producer.disconnect();
  await waitFor(async () => {
    const states = await Promise.all(rooms.map(async (id) => (await call('GET', `/v1/rooms/${id}`)).body.status));
    return states.every((s) => s === 'live') ? true : undefined;
  }, 30_000, 'the rooms to go live');

  log(`topping up ${options.senders} senders…`);
  const senders = [];
  for (let i = 0; i < options.senders; i += 1) {
    const userId = `bench-viewer-${i}`;
    const t = await token(userId, 'viewer');
    await call('POST', `/v1/wallets/${userId}/recharges`, t, { amount: '100000000', idempotencyKey: `bench-topup-${namespace}-${i}` });
    senders.push(t);
  }

  const gifts = ['rose', 'lollipop', 'heart'];
  const latencies = [];
  const outcomes = new Map();
  let sent = 0;
  const deadline = Date.now() + options.duration * 1000;
  log(`sending for ${options.duration} s with ${options.concurrency} concurrent clients over ${options.rooms} rooms…`);
  const cpu = cpuMeter({
    ...Object.fromEntries(['gateway', 'gift', 'room'].map((name) => [name, [fleet.byName(name).child.pid]])),
    mariadb: pidsMatching('mariadbd|mysqld'),
    kafka: pidsMatching('kafka[.]Kafka'),
    redis: pidsMatching('redis-server'),
    'load generator': [process.pid],
  });
  cpu.start();
  const started = Date.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      for (let n = worker; Date.now() < deadline && sent < options['max-sends']; n += options.concurrency) {
        sent += 1;
        const body = { giftId: gifts[n % gifts.length], count: 1 + (n % 3), idempotencyKey: `bench-${n}-${randomUUID()}` };
        const t0 = performance.now();
        const { status, body: answer } = await call('POST', `/v1/rooms/${rooms[n % rooms.length]}/gifts`, senders[n % senders.length], body).catch(() => ({ status: 0, body: {} }));
        latencies.push(performance.now() - t0);
        const outcome = status === 200 ? 'ok' : `${status} ${answer?.error?.code ?? ''}`.trim();
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  const cpuPercent = cpu.stop();
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  const ok = outcomes.get('ok') ?? 0;

  log('waiting for the outbox and the effect consumer to catch up, then reconciling…');
  const admin = await token('bench-admin', 'admin');
  const settleStarted = Date.now();
  let report;
  try {
    report = await waitFor(async () => {
      const { body } = await call('POST', '/v1/admin/reconciliation?graceMs=0', admin);
      return body.clean && body.ordersChecked === ok ? body : undefined;
    }, 120_000, 'a clean reconciliation');
  } catch {
    report = (await call('POST', '/v1/admin/reconciliation?graceMs=0', admin)).body;
  }
  const metrics = await (await fetch(`http://127.0.0.1:${port('gift', 'OPS_PORT')}/metrics`)).text();
  const metric = (name) => metrics.split('\n').filter((line) => line.startsWith(name)).join('\n');

  const summary = {
    sends: latencies.length,
    ok,
    outcomes: Object.fromEntries(outcomes),
    seconds: Number(elapsed.toFixed(2)),
    sendsPerSecond: Math.round(latencies.length / elapsed),
    latencyMs: { p50: +pct(50).toFixed(1), p90: +pct(90).toFixed(1), p99: +pct(99).toFixed(1), max: +latencies[latencies.length - 1].toFixed(1) },
    cpuPercentOfOneCore: cpuPercent,
    cpuMillisecondsPerSend: Object.fromEntries(Object.entries(cpuPercent).map(([name, percent]) => [name, +((percent * 10 * elapsed) / latencies.length).toFixed(2)])),
    settledAfterSeconds: Number(((Date.now() - settleStarted) / 1000).toFixed(1)),
    reconciliation: {
      clean: report.clean,
      ordersChecked: report.ordersChecked,
      walletsChecked: report.walletsChecked,
      walletMismatches: report.mismatches?.length,
      orderDiscrepancies: report.orderDiscrepancies?.length,
      ledgerTotal: report.ledgerTotal,
    },
  };
  console.log(JSON.stringify(summary, null, 2));
  for (const d of (report.orderDiscrepancies ?? []).slice(0, 20)) log(`discrepancy: order ${d.orderId} ${d.problem}`);
  log(`gift metrics:\n${metric('ovation_gift_sends_total')}\n${metric('ovation_gift_send_duration_seconds')}\n${metric('ovation_gift_send_batch_orders')}\n${metric('ovation_gift_outbox_')}\n${metric('ovation_gift_reconciliation_discrepancies')}`);
  process.exitCode = report.clean ? 0 : 1;
} finally {
  await fleet.stop();
  await Promise.all([dropDatabases(databaseSuffix), dropTopics(namespace)]);
}
