// The hosts of one harness run: a Linux bridge in the root namespace, one network namespace per
// host (pod, job, client) joined to it by a veth pair, and per-namespace /etc/hosts and
// resolv.conf (`ip netns exec` bind-mounts /etc/netns/<ns>/* over /etc/*). The root namespace owns
// the bridge's first address (where the infrastructure forwarders listen) and the virtual
// addresses of Services, the ingress and load balancers.
'use strict';

const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { isAlive } = require('../../infra/probes.cjs');

const STATE_DIR = '/run/ovation-cluster';
const PREFIX = 'ovc';

function ip(args, { allowFailure = false } = {}) {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.error) throw new Error(`ip ${args.join(' ')}: ${result.error.message} (the harness needs iproute2 and root)`);
  if (result.status !== 0 && !allowFailure) throw new Error(`ip ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

/** A /16 of 10.0.0.0/8 that no interface of this machine uses. */
function freeSubnet() {
  const used = new Set([...ip(['-o', '-4', 'addr', 'show']).matchAll(/inet 10\.(\d+)\./g)].map((m) => Number(m[1])));
  for (let second = 200; second < 250; second += 1) if (!used.has(second)) return second;
  throw new Error('no free 10.x.0.0/16 subnet between 10.200 and 10.249');
}


/** Removes what runs whose controller is gone left behind (a crashed test must not break the next one). */
function removeStaleRuns() {
  if (!existsSync(STATE_DIR)) return;
  for (const file of readdirSync(STATE_DIR).filter((f) => f.endsWith('.json'))) {
    const state = JSON.parse(readFileSync(join(STATE_DIR, file), 'utf8'));
    if (isAlive(state.pid)) continue;
    removeRun(state.id);
  }
}

function removeRun(id) {
  const name = `${PREFIX}${id}`;
  for (const line of ip(['netns', 'list']).split('\n')) {
    const ns = line.split(' ')[0];
    if (ns.startsWith(`${name}-`)) {
      killNamespaceProcesses(ns);
      ip(['netns', 'del', ns], { allowFailure: true });
      rmSync(join('/etc/netns', ns), { recursive: true, force: true });
    }
  }
  ip(['link', 'del', name], { allowFailure: true });
  rmSync(join(STATE_DIR, `${id}.json`), { force: true });
}

function killNamespaceProcesses(ns) {
  for (const pid of ip(['netns', 'pids', ns], { allowFailure: true }).split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Creates the run's bridge. Returns the network: addresses are handed out by role
 * (pod 10.N.1.x, service 10.N.2.x, edge (ingress, load balancers) 10.N.3.x, client 10.N.4.x).
 */
function createNetwork(id) {
  removeStaleRuns();
  mkdirSync(STATE_DIR, { recursive: true });
  const bridge = `${PREFIX}${id}`;
  const second = freeSubnet();
  writeFileSync(join(STATE_DIR, `${id}.json`), JSON.stringify({ id, pid: process.pid, bridge, subnet: `10.${second}.0.0/16` }));
  ip(['link', 'add', bridge, 'type', 'bridge']);
  ip(['addr', 'add', `10.${second}.0.1/16`, 'dev', bridge]);
  ip(['link', 'set', bridge, 'up']);
  const next = { 1: 1, 2: 1, 3: 1, 4: 1 };
  const allocate = (block) => `10.${second}.${block}.${next[block]++}`;
  let veths = 0;
  const namespaces = new Set();

  return {
    id,
    bridge,
    /** The root namespace's address on the bridge: where the infrastructure is reached. */
    gatewayIp: `10.${second}.0.1`,
    allocate: (role) => allocate({ pod: 1, service: 2, edge: 3, client: 4 }[role]),
    /** An address the root namespace answers on (a Service's or the ingress's virtual IP). */
    addLocalAddress(address) {
      ip(['addr', 'add', `${address}/32`, 'dev', bridge]);
    },
    /** A host of its own: namespace `ovc<id>-<label>` at `address`, its hosts file and resolver. */
    addHost(label, address, hosts) {
      const ns = `${bridge}-${label}`;
      const veth = `${bridge}v${veths++}`;
      ip(['netns', 'add', ns]);
      namespaces.add(ns);
      ip(['link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      ip(['link', 'set', veth, 'master', bridge, 'up']);
      ip(['-n', ns, 'addr', 'add', `${address}/16`, 'dev', 'eth0']);
      ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
      ip(['-n', ns, 'route', 'add', 'default', 'via', `10.${second}.0.1`]);
      writeHostFiles(ns, label, address, hosts);
      return ns;
    },
    /** Rewrites a host's /etc/hosts (Service names move when a Service gets its address). */
    setHosts(ns, label, address, hosts) {
      writeHostFiles(ns, label, address, hosts);
    },
    /** Takes a host off the network (its processes must already be gone). */
    removeHost(ns) {
      killNamespaceProcesses(ns);
      ip(['netns', 'del', ns], { allowFailure: true });
      rmSync(join('/etc/netns', ns), { recursive: true, force: true });
      namespaces.delete(ns);
    },
    remove() {
      removeRun(id);
    },
  };
}

function writeHostFiles(ns, label, address, hosts) {
  const dir = join('/etc/netns', ns);
  mkdirSync(dir, { recursive: true });
  const lines = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost', `${address}\t${label}`, ...Object.entries(hosts).map(([name, to]) => `${to}\t${name}`)];
  writeFileSync(join(dir, 'hosts'), `${lines.join('\n')}\n`);
  // A name that is not in hosts fails at once (nothing answers on the namespace's own loopback)
  // instead of waiting for a resolver no namespace can reach.
  writeFileSync(join(dir, 'resolv.conf'), 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
}

module.exports = { createNetwork, removeStaleRuns, removeRun };
