// A cluster in a box: the rendered umbrella chart run as a cluster would run it, each pod a host
// of its own. The hook Jobs run first (the Secret's values are what the pods read), then every
// Deployment's replicas start at once; Services, the ingress and load balancers route to ready
// pods only. The run is isolated by a namespace of its own (Kafka topics, Redis keys, databases).
'use strict';

const { randomBytes } = require('node:crypto');
const { mkdirSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { startInfrastructure } = require('./infrastructure.cjs');
const { Ingress } = require('./ingress.cjs');
const { readManifest } = require('./manifest.cjs');
const { createNetwork } = require('./network.cjs');
const { Pod } = require('./pod.cjs');
const { mysqlDatabaseOf, MYSQL_SERVICES, renderChart } = require('./render.cjs');
const { ServiceProxy } = require('./services.cjs');

const NAMESPACE = 'live';
const CLUSTER_DOMAIN = 'cluster.local';

/** Every name a Service answers to from a pod (short, namespaced, fully qualified). */
function serviceNames(name) {
  return [name, `${name}.${NAMESPACE}`, `${name}.${NAMESPACE}.svc`, `${name}.${NAMESPACE}.svc.${CLUSTER_DOMAIN}`];
}

/**
 * @param {object} options
 *   root: the repository (the image's /app); env: the machine's MySQL/Redis (MYSQL_HOST, REDIS_URL…);
 *   valuesFiles: extra values files; kafkaPort: the run's broker's own port; log(line)
 */
async function startCluster({ root, env = process.env, valuesFiles = [], kafkaPort = 19392, log = () => undefined }) {
  const id = randomBytes(2).toString('hex');
  const namespace = `c${id}`;
  const runDir = join(root, 'tmp/cluster', namespace);
  mkdirSync(runDir, { recursive: true });
  const network = createNetwork(id);
  const pods = [];
  const proxies = new Map();
  // Every readiness change of every pod, so a test can ask what left rotation during a window.
  const readiness = [];
  let ingress;
  let infrastructure;
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

  const stop = async () => {
    await Promise.allSettled(pods.map((pod) => pod.kill()));
    await Promise.allSettled([...proxies.values()].map((proxy) => proxy.close()));
    await ingress?.close();
    await infrastructure?.stop();
    await dropRunData(root, env, namespace);
    network.remove();
  };

  try {
    const [rendered, infra] = await Promise.all([renderChart({ root, runDir, namespace, valuesFiles }), startInfrastructure({ root, gatewayIp: network.gatewayIp, runId: id, env, kafkaPort })]);
    infrastructure = infra;
    log(`rendered ${rendered.length} objects; MariaDB, Redis and Kafka at ${network.gatewayIp} (${elapsed()})`);
    const manifest = readManifest(rendered);

    const podHosts = { ...infrastructure.hosts };
    const clientHosts = {};
    const loadBalancers = {};
    for (const service of manifest.services) {
      const proxy = new ServiceProxy(service, () => pods);
      const address = network.allocate('service');
      network.addLocalAddress(address);
      const addresses = [address];
      if (service.type === 'LoadBalancer' || service.type === 'NodePort') {
        const external = network.allocate('edge');
        network.addLocalAddress(external);
        addresses.push(external);
        loadBalancers[service.name] = external;
        clientHosts[`${service.name}.lb.test`] = external;
      }
      await proxy.listen(addresses);
      proxies.set(service.name, proxy);
      for (const name of serviceNames(service.name)) podHosts[name] = address;
    }
    const ingressIp = network.allocate('edge');
    network.addLocalAddress(ingressIp);
    ingress = new Ingress(manifest.ingresses, (name) => proxies.get(name));
    await ingress.listen(ingressIp);
    for (const rule of manifest.ingresses.flatMap((i) => i.rules)) if (rule.host) clientHosts[rule.host] = ingressIp;

    // emptyDir: the pod's own; a claim: one directory for every pod that names it (ReadWriteMany);
    // a Secret or ConfigMap: its keys (or the listed items) as files, as the kubelet projects them.
    const volumeDir = (pod, volume) => {
      const dir = volume.persistentVolumeClaim
        ? join(runDir, 'claims', volume.persistentVolumeClaim.claimName)
        : join(runDir, 'pods', pod.name, 'volumes', volume.name);
      mkdirSync(dir, { recursive: true });
      const source = volume.secret ?? volume.configMap;
      if (source) {
        const name = volume.secret ? source.secretName : source.name;
        const data = (volume.secret ? manifest.secrets : manifest.configMaps).get(name);
        if (!data && !source.optional) throw new Error(`${pod.name}: volume ${volume.name} names ${volume.secret ? 'Secret' : 'ConfigMap'} ${name}, which does not exist`);
        const items = source.items ?? Object.keys(data ?? {}).map((key) => ({ key, path: key }));
        for (const { key, path } of items) {
          mkdirSync(dirname(join(dir, path)), { recursive: true });
          writeFileSync(join(dir, path), data[key], { mode: 0o600 });
        }
      }
      return dir;
    };
    const newPod = (name, template, restartPolicy) =>
      new Pod({
        name,
        ip: network.allocate('pod'),
        labels: template.labels,
        annotations: template.annotations,
        spec: template.spec,
        network,
        hosts: podHosts,
        secrets: manifest.secrets,
        configMaps: manifest.configMaps,
        volumeDir,
        runDir,
        root,
        restartPolicy,
      });

    for (const job of manifest.hookJobs.filter((j) => j.phase === 'pre-install')) {
      await runJob(job, newPod, network);
      log(`job ${job.name} completed (${elapsed()})`);
    }

    for (const deployment of manifest.deployments) {
      for (let i = 0; i < deployment.replicas; i += 1) {
        const pod = newPod(`${deployment.name}-${randomBytes(3).toString('hex').slice(0, 5)}`, deployment.template, 'Always');
        pod.deployment = deployment.name;
        for (const [event, ready] of [['ready', true], ['notReady', false]]) pod.on(event, () => readiness.push({ pod: pod.name, deployment: deployment.name, ready, phase: pod.phase, at: Date.now() }));
        pods.push(pod);
      }
    }
    await Promise.all(pods.map((pod) => pod.start()));
    log(`${pods.length} pods started (${elapsed()})`);

    const client = { name: 'client', ip: network.allocate('client') };
    client.ns = network.addHost(client.name, client.ip, clientHosts);

    return {
      id,
      namespace,
      runDir,
      ingressIp,
      loadBalancers,
      clientNamespace: client.ns,
      clientIp: client.ip,
      clientHosts,
      kafkaBrokers: infrastructure.kafkaBrokers,
      databases: Object.fromEntries(MYSQL_SERVICES.map((s) => [s, mysqlDatabaseOf(namespace)(s)])),
      pods: () => pods.map((pod) => ({ ...pod.describe(), deployment: pod.deployment })),
      pod: (name) => {
        const pod = pods.find((p) => p.name === name);
        if (!pod) throw new Error(`no pod named ${name}`);
        return pod;
      },
      waitReady: (timeoutMs) => waitAllReady(pods, timeoutMs),
      setInfrastructure: (name, up) => infrastructure.set(name, up),
      infrastructureState: () => infrastructure.state(),
      routed: () => ingress.routed.slice(),
      /** Readiness changes at or after `since` (epoch ms). */
      readinessChanges: (since) => readiness.filter((change) => change.at >= since),
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** A Job as its controller runs it: a pod per attempt (restartPolicy Never) until one exits 0 or backoffLimit is spent. */
async function runJob(job, newPod, network) {
  for (let attempt = 0; attempt <= job.backoffLimit; attempt += 1) {
    const pod = newPod(`${job.name}-${attempt}`, job.template, 'Never');
    const exited = new Promise((resolve) => pod.once('containerExit', resolve));
    await pod.start();
    const { code } = await exited;
    pod.finish();
    network.removeHost(pod.ns);
    if (code === 0) return;
    if (attempt === job.backoffLimit) throw new Error(`job ${job.name} failed ${attempt + 1} times; last lines:\n${pod.recent.join('\n')}`);
  }
}

async function waitAllReady(pods, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const waiting = pods.filter((pod) => pod.phase === 'Running' && !pod.ready);
    if (!waiting.length) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const waiting = pods.filter((pod) => pod.phase === 'Running' && !pod.ready);
  throw new Error(`not ready after ${timeoutMs} ms: ${waiting.map((pod) => `${pod.name}; its last lines:\n${pod.recent.slice(-15).join('\n')}`).join('\n\n')}`);
}

/** Drops what the run left on the shared servers: its databases and Redis keys (its broker goes with it). */
async function dropRunData(root, env, namespace) {
  const mysql = require(join(root, 'node_modules/mysql2/promise'));
  const connection = await mysql.createConnection({ host: env.MYSQL_HOST ?? '127.0.0.1', port: Number(env.MYSQL_PORT ?? 3306), user: env.MYSQL_USER ?? 'root', password: env.MYSQL_PASSWORD ?? '' });
  try {
    for (const database of MYSQL_SERVICES.map(mysqlDatabaseOf(namespace))) await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await connection.end();
  }
  const Redis = require(join(root, 'node_modules/ioredis'));
  const redis = new Redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  rmSync(join(root, 'tmp/cluster', namespace, 'claims'), { recursive: true, force: true });
}

module.exports = { startCluster };
