#!/usr/bin/env node
// `node tools/cluster/up.cjs [--values file]…`: the fleet from its Helm chart, each pod a host of
// its own (see README.md). Run by hand it prints the pods and public addresses and tears
// everything down on Ctrl-C; forked by a test (an IPC channel) it answers the test's requests
// and tears down when the test goes away.
'use strict';

const { parseArgs } = require('node:util');
const { resolve } = require('node:path');
const { startCluster } = require('./lib/cluster.cjs');

const root = resolve(__dirname, '../..');
const { values } = parseArgs({ options: { values: { type: 'string', multiple: true, default: [] }, 'kafka-port': { type: 'string', default: '19392' } } });
const log = (line) => process.stderr.write(`[cluster] ${line}\n`);

async function main() {
  const cluster = await startCluster({ root, valuesFiles: values.values.map((f) => resolve(f)), kafkaPort: Number(values['kafka-port']), log });
  let stopping;
  const stop = () => (stopping ??= cluster.stop().then(() => log('stopped')));

  const methods = {
    describe: () => ({
      namespace: cluster.namespace,
      runDir: cluster.runDir,
      ingressIp: cluster.ingressIp,
      loadBalancers: cluster.loadBalancers,
      clientNamespace: cluster.clientNamespace,
      clientIp: cluster.clientIp,
      clientHosts: cluster.clientHosts,
      kafkaBrokers: cluster.kafkaBrokers,
      databases: cluster.databases,
      pods: cluster.pods(),
    }),
    pods: () => cluster.pods(),
    waitReady: ({ timeoutMs }) => cluster.waitReady(timeoutMs),
    killPod: ({ name }) => cluster.pod(name).kill(),
    deletePod: ({ name }) => cluster.pod(name).delete(),
    logs: ({ name }) => cluster.pod(name).recent.slice(),
    setInfrastructure: ({ name, up }) => cluster.setInfrastructure(name, up),
    routed: () => cluster.routed(),
    readinessChanges: ({ since }) => cluster.readinessChanges(since),
    stop: () => stop(),
  };

  if (process.send) {
    process.on('message', async ({ call, method, params }) => {
      try {
        const result = await methods[method](params ?? {});
        process.send({ call, result: result ?? null });
      } catch (error) {
        process.send({ call, error: error.stack ?? String(error) });
      }
    });
    process.on('disconnect', () => stop().finally(() => process.exit(0)));
    process.send({ event: 'ready', description: methods.describe() });
  } else {
    await cluster.waitReady(180_000);
    const description = methods.describe();
    log(`ready. Pods:\n${description.pods.map((p) => `  ${p.name.padEnd(36)} ${p.ip}`).join('\n')}`);
    log(`public names (hosts of ${description.clientNamespace}):\n${Object.entries(description.clientHosts).map(([h, a]) => `  ${h} → ${a}`).join('\n')}`);
    log(`try: ip netns exec ${description.clientNamespace} curl -s http://api.ovation.local/v1/rooms ; logs in ${description.runDir}/logs ; Ctrl-C stops`);
  }
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop().finally(() => process.exit(0)));
}

main().catch((error) => {
  log(`failed: ${error.stack ?? error}`);
  process.exit(1);
});
