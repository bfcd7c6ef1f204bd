// One pod of the rendered chart on a host of its own, run as the kubelet would run it: its
// containers' processes inside the pod's network namespace (hostname = pod name, volumes
// bind-mounted at their mountPaths, only the container's own environment), the startup, liveness
// and readiness probes, restarts with back-off, and a graceful delete (preStop hook, SIGTERM,
// SIGKILL at the end of terminationGracePeriodSeconds). kill() is the node dying: SIGKILL, no restart.
'use strict';

const { spawn } = require('node:child_process');
const { EventEmitter } = require('node:events');
const { appendFileSync, mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const readline = require('node:readline');
const { resolveEnv } = require('../../helm/env.cjs');
const { probeTiming, runProbe } = require('./probe.cjs');

const RECENT_LINES = 200;
const MAX_BACKOFF_MS = 30_000;

// The image's entry point is `node …`; here that is the Node running the harness.
function executable(command) {
  return command[0] === 'node' ? [process.execPath, ...command.slice(1)] : command;
}

// Inside the namespace: set the hostname, bind-mount each volume, then become the container's process.
const LAUNCH = 'set -e; hostname "$1"; shift; while [ "$1" != "--" ]; do mkdir -p "$2"; mount --bind "$1" "$2"; shift 2; done; shift; exec "$@"';

class Pod extends EventEmitter {
  /**
   * @param {object} options
   *   name, ip, labels, annotations, spec (the pod spec), network, hosts (name → address),
   *   secrets, configMaps (Maps of name → data), volumeDir(volume) → host directory,
   *   runDir, root (working directory of every container: the image's /app), restartPolicy
   */
  constructor(options) {
    super();
    Object.assign(this, { restartPolicy: 'Always', ...options });
    this.ready = false;
    this.phase = 'Pending';
    this.restarts = 0;
    this.recent = [];
    this.processes = new Map();
    this.timers = new Set();
    this.logFile = join(options.runDir, 'logs', `${options.name}.log`);
    mkdirSync(join(options.runDir, 'logs'), { recursive: true });
    writeFileSync(this.logFile, '');
  }

  get podContext() {
    return {
      name: this.name,
      namespace: 'live',
      ip: this.ip,
      hostIP: this.network.gatewayIp,
      nodeName: `node-${this.name}`,
      serviceAccountName: this.spec.serviceAccountName ?? 'default',
      labels: this.labels,
      annotations: this.annotations,
    };
  }

  /** Only what the container is given (never the harness's own environment), as the kubelet would; a missing Secret key stops the start. */
  envOf(container) {
    const lookup = (kind, name) => (kind === 'Secret' ? this.secrets : this.configMaps).get(name);
    const { env, missing } = resolveEnv(container, this.podContext, lookup);
    if (missing.length) throw new Error(`${this.name}: container ${container.name} references what does not exist: ${missing.join(', ')}`);
    return { PATH: process.env.PATH, HOSTNAME: this.name, HOME: '/tmp', ...env };
  }

  /** Joins the network and starts the init containers, then the containers and their probes. */
  async start() {
    this.ns = this.network.addHost(this.name, this.ip, this.hosts);
    this.phase = 'Running';
    for (const container of this.spec.initContainers ?? []) {
      const { code } = await this.launch(container).exited;
      if (code !== 0) throw new Error(`${this.name}: init container ${container.name} exited with ${code}`);
    }
    for (const container of this.spec.containers) this.runContainer(container);
  }

  launch(container) {
    const mounts = (container.volumeMounts ?? []).flatMap((mount) => {
      const volume = (this.spec.volumes ?? []).find((v) => v.name === mount.name);
      if (!volume) throw new Error(`${this.name}: volumeMount ${mount.name} names no volume`);
      const source = this.volumeDir(this, volume);
      return [mount.subPath ? join(source, mount.subPath) : source, mount.mountPath];
    });
    const command = executable([...(container.command ?? []), ...(container.args ?? [])]);
    const child = spawn('ip', ['netns', 'exec', this.ns, 'unshare', '--uts', '--', 'sh', '-c', LAUNCH, 'pod', this.name, ...mounts, '--', ...command], {
      cwd: container.workingDir ?? this.root,
      env: this.envOf(container),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) readline.createInterface({ input: stream }).on('line', (line) => this.log(container.name, line));
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    return { child, exited };
  }

  log(container, line) {
    const tagged = `${container} | ${line}`;
    this.recent.push(tagged);
    if (this.recent.length > RECENT_LINES) this.recent.shift();
    appendFileSync(this.logFile, `${tagged}\n`);
  }

  runContainer(container, backoffMs = 1000) {
    const started = this.launch(container);
    const state = { ...started, container, ready: false, started: !container.startupProbe };
    this.processes.set(container.name, state);
    this.watchProbes(state);
    started.exited.then(({ code, signal }) => {
      state.stopped = true;
      this.setContainerReady(state, false);
      this.log('harness', `container ${container.name} exited (code ${code}, signal ${signal})`);
      this.emit('containerExit', { container: container.name, code, signal });
      if (this.phase !== 'Running' || this.restartPolicy === 'Never') return;
      if (this.restartPolicy === 'OnFailure' && code === 0) return;
      this.restarts += 1;
      const delay = Math.min(backoffMs, MAX_BACKOFF_MS);
      this.later(() => this.phase === 'Running' && this.runContainer(container, delay * 2), delay);
    });
  }

  /** Startup probe first; then liveness (restart on failure) and readiness (endpoints) side by side. */
  watchProbes(state) {
    const { container } = state;
    const loop = (probe, onResult) => {
      const timing = probeTiming(probe);
      let successes = 0;
      let failures = 0;
      const tick = async () => {
        if (state.stopped || this.phase !== 'Running') return;
        const ok = await runProbe(probe, { ip: this.ip, spec: this.spec, exec: (command, timeoutMs) => this.exec(container, command, timeoutMs) });
        if (state.stopped) return;
        successes = ok ? successes + 1 : 0;
        failures = ok ? 0 : failures + 1;
        const carryOn = onResult({ ok, successes, failures, timing });
        if (carryOn !== false) this.later(tick, timing.periodMs);
      };
      this.later(tick, timing.initialDelayMs);
    };
    const afterStartup = () => {
      state.started = true;
      if (container.livenessProbe) {
        loop(container.livenessProbe, ({ failures, timing }) => {
          if (failures < timing.failureThreshold) return true;
          this.log('harness', `liveness probe of ${container.name} failed ${failures} times: restarting it`);
          this.stopContainer(state);
          return false;
        });
      }
      if (container.readinessProbe) {
        loop(container.readinessProbe, ({ successes, failures, timing }) => {
          if (successes >= timing.successThreshold) this.setContainerReady(state, true);
          if (failures >= timing.failureThreshold) this.setContainerReady(state, false);
          return true;
        });
      } else this.setContainerReady(state, true);
    };
    if (!container.startupProbe) return afterStartup();
    loop(container.startupProbe, ({ ok, failures, timing }) => {
      if (ok) {
        afterStartup();
        return false;
      }
      if (failures < timing.failureThreshold) return true;
      this.log('harness', `startup probe of ${container.name} failed ${failures} times: restarting it`);
      this.stopContainer(state);
      return false;
    });
  }

  setContainerReady(state, ready) {
    state.ready = ready;
    const podReady = this.phase === 'Running' && [...this.processes.values()].every((s) => s.ready);
    if (podReady === this.ready) return;
    this.ready = podReady;
    this.emit(podReady ? 'ready' : 'notReady');
  }

  /** Runs a command inside the pod with a container's environment; resolves with its exit code. */
  exec(container, command, timeoutMs) {
    const child = spawn('ip', ['netns', 'exec', this.ns, ...executable(command)], { cwd: container.workingDir ?? this.root, env: this.envOf(container), stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) readline.createInterface({ input: stream }).on('line', (line) => this.log(`${container.name} exec`, line));
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('error', () => resolve(-1));
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code ?? -1);
      });
    });
  }

  /** SIGTERM, then SIGKILL after the grace period (a liveness failure's restart). */
  async stopContainer(state, graceMs = (this.spec.terminationGracePeriodSeconds ?? 30) * 1000) {
    if (state.stopped) return;
    state.child.kill('SIGTERM');
    const timer = setTimeout(() => state.child.kill('SIGKILL'), graceMs);
    await state.exited;
    clearTimeout(timer);
  }

  /**
   * A graceful delete: out of every endpoint at once, each container's preStop hook, SIGTERM, and
   * SIGKILL when terminationGracePeriodSeconds (counted from the start) has passed.
   */
  async delete() {
    if (this.phase !== 'Running') return;
    this.phase = 'Terminating';
    this.ready = false;
    this.emit('notReady');
    const deadline = Date.now() + (this.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    await Promise.all(
      [...this.processes.values()].map(async (state) => {
        const preStop = state.container.lifecycle?.preStop;
        if (preStop?.exec && !state.stopped) await this.exec(state.container, preStop.exec.command, Math.max(0, deadline - Date.now()));
        if (preStop?.sleep && !state.stopped) await new Promise((resolve) => setTimeout(resolve, Math.min(preStop.sleep.seconds * 1000, Math.max(0, deadline - Date.now()))));
        await this.stopContainer(state, Math.max(0, deadline - Date.now()));
      }),
    );
    this.finish();
  }

  /** The pod's node dies: every process SIGKILLed, nothing restarted. */
  async kill() {
    if (this.phase === 'Dead') return;
    this.phase = 'Dead';
    this.ready = false;
    this.emit('notReady');
    for (const state of this.processes.values()) state.child.kill('SIGKILL');
    await Promise.all([...this.processes.values()].map((state) => state.exited));
    this.finish();
  }

  finish() {
    this.phase = 'Dead';
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.emit('gone');
  }

  later(fn, ms) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  describe() {
    return { name: this.name, ip: this.ip, labels: this.labels, phase: this.phase, ready: this.ready, restarts: this.restarts };
  }
}

module.exports = { Pod };
