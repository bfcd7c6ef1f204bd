// One system under the load: forks the load clients, connects every viewer, measures idle
// memory, sends the chat load, and collects what every client saw.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { collectGarbage } from '../collect-garbage.mjs';
import { cpuSeconds, percentile, pin, rssBytes, sum } from '../proc-stats.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Well under the ~28,000 ephemeral ports of an address: a run right after another binds its
// source ports while the last run's are still in TIME_WAIT (60 s).
const SOCKETS_PER_SOURCE_ADDRESS = 5_000;
const CONNECT_WAVE = 1_000;
// Bench messages name their phase; only the measured one's are counted and timed.
const WARMUP_PHASE = 'w';
const MEASURED_PHASE = 'm';

class LoadClient {
  constructor(cpus) {
    this.child = spawn(process.execPath, [join(import.meta.dirname, 'load-client.mjs')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.waiters = [];
    this.child.on('message', (message) => {
      if (message.type === 'failed') {
        for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`load client failed: ${message.error}`));
        return;
      }
      const index = this.waiters.findIndex((w) => w.type === message.type);
      if (index !== -1) this.waiters.splice(index, 1)[0].resolve(message);
    });
    // A client that dies fails what is waiting on it, instead of leaving the bench waiting for ever.
    this.child.once('exit', (code, signal) => {
      for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`load client ${this.child.pid} exited (${signal ?? `code ${code}`})`));
    });
    this.ready = this.next('ready').then(() => pin(this.child.pid, cpus));
  }

  next(type) {
    return new Promise((resolve, reject) => this.waiters.push({ type, resolve, reject }));
  }

  ask(message, answer) {
    const reply = this.next(answer);
    this.child.send(message);
    return reply;
  }

  stop() {
    this.child.send({ type: 'stop' });
    return new Promise((resolve) => this.child.once('exit', resolve));
  }
}

/** Which room, server and source address each viewer gets: the hot room first, then small rooms. */
export function planViewers(options, target) {
  const hot = Math.round(options.connections * options.hotFraction);
  const sampleEvery = Math.max(1, Math.floor(hot / options.sample));
  return Array.from({ length: options.connections }, (_, i) => ({
    user: `bench-viewer-${i}`,
    // Viewers watch as guests (no mute/ban lookup); the senders are signed-in viewers.
    role: 'guest',
    room: i < hot ? target.rooms.hot : target.rooms.small(Math.floor((i - hot) / options.smallRoomSize)),
    port: target.ports[i % target.ports.length],
    localAddress: `${target.addressBlock}.${1 + Math.floor(i / SOCKETS_PER_SOURCE_ADDRESS)}`,
    sample: i < hot && i % sampleEvery === 0,
  }));
}

/**
 * RSS and V8 heap in use of the server processes, each after a full garbage collection. Only
 * after the load: a process whose inspector was opened runs slower from then on (p99 doubled).
 */
async function settledMemory(pids) {
  let heap = 0;
  for (const pid of pids) heap += await collectGarbage(pid);
  return { rss: sum(pids, rssBytes), heap };
}

export async function runScenario(target, options, log) {
  const viewers = planViewers(options, target);
  const hotViewers = viewers.filter((v) => v.room === target.rooms.hot).length;
  const clients = Array.from({ length: options.clients }, () => new LoadClient(options.clientCpus));
  // The measuring clients — the latency sample and the senders — run in processes of their own,
  // apart from the bulk viewers: saturated bulk clients would otherwise time their own backlog.
  const probe = new LoadClient(options.probeCpus);
  const sender = new LoadClient(options.probeCpus);
  const measuring = [probe, sender];
  await Promise.all([...clients, ...measuring].map((c) => c.ready));
  for (const pid of target.pids) pin(pid, options.serverCpus);
  await sleep(2_000);
  const baseRss = sum(target.pids, rssBytes);

  log(`${target.name}: connecting ${viewers.length} viewers (${hotViewers} in the hot room) from ${clients.length} load clients`);
  const connectStarted = Date.now();
  const connect = (client, sockets) => client.ask({ type: 'connect', kind: target.kind, secret: target.secret, concurrency: options.connectConcurrency, sockets }, 'connected');
  // A push node writes a room's sockets in the order they joined: the sample joins in waves with
  // the bulk, so it is spread over that order instead of being written first every time.
  const connected = [];
  for (let start = 0; start < viewers.length; start += CONNECT_WAVE) {
    const wave = viewers.slice(start, start + CONNECT_WAVE);
    const bulk = wave.filter((v) => !v.sample);
    connected.push(
      ...(await Promise.all([...clients.map((client, k) => connect(client, bulk.filter((_, i) => i % clients.length === k))), connect(probe, wave.filter((v) => v.sample))])),
    );
  }
  const viewerClients = [...clients, probe];
  const open = connected.reduce((n, c) => n + c.open, 0);
  const failedConnects = connected.reduce((n, c) => n + c.failed, 0);
  const connectSeconds = (Date.now() - connectStarted) / 1000;
  log(`${target.name}: ${open} open, ${failedConnects} failed in ${connectSeconds.toFixed(1)} s${failedConnects ? ` (first error: ${connected.find((c) => c.firstError)?.firstError})` : ''}`);
  await sleep(3_000);
  const idleRss = sum(target.pids, rssBytes);

  const senders = Array.from({ length: target.kind === 'ovation' ? options.senders : target.ports.length }, (_, k) => ({
    user: `bench-sender-${k}`,
    role: 'viewer',
    room: target.rooms.hot,
    port: target.ports[k % target.ports.length],
    localAddress: `${target.addressBlock}.250`,
  }));
  const send = (phaseName, durationMs) =>
    target.send ? target.send({ rate: options.rate, durationMs, phaseName }) : sender.ask({ type: 'send', kind: target.kind, secret: target.secret, senders, rate: options.rate, durationMs, phaseName }, 'sent');
  if (options.warmupMs > 0) {
    // Freshly started servers run their hot paths unoptimized, and the JIT compiles them on the
    // cores the run is measuring: the first seconds of load are a start-up, not the steady state.
    // The measured run follows at once (a pause would let caches such as the speakers' standings
    // expire, and the run would start with a burst of misses no steady room has); viewers count and
    // time only messages of the measured phase, so the warm-up's stragglers are not counted.
    log(`${target.name}: warming up with ${options.rate} chat/s for ${options.warmupMs / 1000} s (not measured)`);
    await send(WARMUP_PHASE, options.warmupMs);
  }

  const counting = await Promise.all(viewerClients.map((c) => c.ask({ type: 'count', phase: MEASURED_PHASE }, 'counting')));
  const openAtLoad = counting.reduce((n, c) => n + c.open, 0);
  const cpuBefore = sum(target.pids, cpuSeconds);
  const loadStarted = Date.now();
  const clientCpuBefore = sum(clients.map((c) => c.child.pid), cpuSeconds);
  const probeCpuBefore = sum(measuring.map((c) => c.child.pid), cpuSeconds);
  let peakRss = idleRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, sum(target.pids, rssBytes))), 500);
  log(`${target.name}: sending ${options.rate} chat/s into the hot room for ${options.durationMs / 1000} s`);
  const sent = await send(MEASURED_PHASE, options.durationMs);
  const loadSeconds = sent.elapsedMs / 1000;
  const cpuUsed = sum(target.pids, cpuSeconds) - cpuBefore;
  const clientCpuUsed = sum(clients.map((c) => c.child.pid), cpuSeconds) - clientCpuBefore;
  const probeCpuUsed = sum(measuring.map((c) => c.child.pid), cpuSeconds) - probeCpuBefore;
  const cpuSecondsElapsed = (Date.now() - loadStarted) / 1000;
  // In-flight messages still count; what has not arrived after this is reported as not delivered.
  await sleep(3_000);
  clearInterval(sampler);
  const reports = await Promise.all(viewerClients.map((c) => c.ask({ type: 'report' }, 'report')));
  // What the open sockets hold once the load is over and the garbage collected, against the same
  // processes without them.
  const withViewers = await settledMemory(target.pids);
  await Promise.all([...clients, ...measuring].map((c) => c.stop()));
  await sleep(3_000);
  const withoutViewers = await settledMemory(target.pids);

  const total = (key) => reports.reduce((n, r) => n + r[key], 0);
  const sorted = (key) => reports.flatMap((r) => r[key]).sort((a, b) => a - b);
  const latencies = sorted('latencies');
  const stampLatencies = sorted('stampLatencies');
  const afterStampLatencies = sorted('afterStampLatencies');
  const ackLatencies = [...(sent.ackLatencies ?? [])].sort((a, b) => a - b);
  const accepted = target.kind === 'ovation' ? sent.acked : sent.sent;
  const expected = accepted * hotViewers;
  const closed = {};
  for (const r of reports) for (const [code, n] of Object.entries(r.closed)) closed[code] = (closed[code] ?? 0) + n;
  return {
    system: target.name,
    serverCrashes: target.crashes?.() ?? [],
    viewers: viewers.length,
    hotViewers,
    open,
    openAtLoad,
    failedConnects,
    connectSeconds,
    sent: sent.sent,
    accepted,
    nacked: sent.nacked ?? 0,
    nackReasons: sent.nackReasons ?? {},
    ackP50: percentile(ackLatencies, 50),
    ackP99: percentile(ackLatencies, 99),
    unanswered: sent.unanswered ?? 0,
    loadSeconds,
    delivered: total('chats'),
    expected,
    notDelivered: Math.max(0, expected - total('chats')),
    serverDropped: total('dropped'),
    deliveredPerSecond: total('chats') / loadSeconds,
    framesPerSecond: total('frames') / loadSeconds,
    bytesPerSecond: total('bytes') / loadSeconds,
    latencySamples: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.length ? latencies[latencies.length - 1] : NaN,
    stampP50: percentile(stampLatencies, 50),
    stampP99: percentile(stampLatencies, 99),
    afterStampP50: percentile(afterStampLatencies, 50),
    afterStampP99: percentile(afterStampLatencies, 99),
    baseRss,
    idleRss,
    peakRss,
    idleBytesPerConnection: (idleRss - baseRss) / open,
    loadBytesPerConnection: (peakRss - baseRss) / open,
    retainedRssPerConnection: (withViewers.rss - withoutViewers.rss) / total('open'),
    retainedHeapPerConnection: (withViewers.heap - withoutViewers.heap) / total('open'),
    serverCpuPercent: (cpuUsed / cpuSecondsElapsed) * 100,
    // Server CPU over the measured phase (utime+stime of every server process, /proc/<pid>/stat) per unit of work.
    cpuMicrosPerDelivered: (cpuUsed * 1e6) / total('chats'),
    cpuMicrosPerFrame: (cpuUsed * 1e6) / total('frames'),
    deliveredPerCpuSecond: total('chats') / cpuUsed,
    clientCpuPercent: (clientCpuUsed / cpuSecondsElapsed) * 100,
    probeCpuPercent: (probeCpuUsed / cpuSecondsElapsed) * 100,
    closedDuringLoad: closed,
    errorFrames: total('errorFrames'),
    stillOpen: total('open'),
  };
}
