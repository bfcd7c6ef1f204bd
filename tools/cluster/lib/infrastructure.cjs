// MariaDB, Redis and Kafka as the pods see them: at the bridge's root address under the names the
// chart defaults to (mysql, redis, kafka), never at a pod's own address. MariaDB and Redis are the
// machine's, reached through forwarders; Kafka is a broker of the run's own whose second listener
// advertises kafka:9092 (the machine's broker tells clients 127.0.0.1). down() is an outage as the
// pods see it: new connections refused, open ones cut; up() ends it.
'use strict';

const { execFile } = require('node:child_process');
const { rmSync } = require('node:fs');
const { createConnection, createServer } = require('node:net');
const { join } = require('node:path');
const { promisify } = require('node:util');
const { splice } = require('./splice.cjs');

const run = promisify(execFile);

class Forwarder {
  constructor(name, listen, target) {
    Object.assign(this, { name, listen, target });
    this.sockets = new Set();
    this.server = undefined;
  }

  get up() {
    return this.server !== undefined;
  }

  async start() {
    if (this.server) return;
    const server = createServer((client) => splice(client, createConnection(this.target), this.sockets));
    await new Promise((resolve, reject) => server.once('error', reject).listen(this.listen.port, this.listen.host, resolve));
    this.server = server;
  }

  async stop() {
    const { server } = this;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.resetAndDestroy?.() ?? socket.destroy();
    this.sockets.clear();
    await new Promise((resolve) => server.close(resolve));
  }
}

function hostPort(text, defaultPort) {
  const url = /^[a-z]+:\/\//.test(text) ? new URL(text) : new URL(`tcp://${text}`);
  return { host: url.hostname, port: Number(url.port || defaultPort) };
}

/**
 * @param {{ root: string, gatewayIp: string, runId: string, env: Record<string,string>, kafkaPort: number }} options
 *   env: the machine's infrastructure (MYSQL_HOST/PORT, REDIS_URL), as the test runner provisioned it
 */
async function startInfrastructure({ root, gatewayIp, runId, env, kafkaPort }) {
  const brokerName = `cluster-kafka-${runId}`;
  const broker = (command, extra = []) =>
    run(process.execPath, [join(root, 'tools/infra/broker.mjs'), command, '--name', brokerName, '--port', String(kafkaPort), ...extra], { timeout: 120_000 });
  await broker('start', ['--external-port', String(kafkaPort + 2), '--advertise', 'kafka:9092']);
  const forwarders = {
    mysql: new Forwarder('mysql', { host: gatewayIp, port: 3306 }, { host: env.MYSQL_HOST ?? '127.0.0.1', port: Number(env.MYSQL_PORT ?? 3306) }),
    redis: new Forwarder('redis', { host: gatewayIp, port: 6379 }, hostPort(env.REDIS_URL ?? 'redis://127.0.0.1:6379', 6379)),
    kafka: new Forwarder('kafka', { host: gatewayIp, port: 9092 }, { host: '127.0.0.1', port: kafkaPort + 2 }),
  };
  await Promise.all(Object.values(forwarders).map((f) => f.start()));
  return {
    /** The names pods resolve to the infrastructure. */
    hosts: { mysql: gatewayIp, redis: gatewayIp, kafka: gatewayIp },
    /** The run's broker as the root namespace reaches it (its own listener). */
    kafkaBrokers: `127.0.0.1:${kafkaPort}`,
    async set(name, up) {
      const forwarder = forwarders[name];
      if (!forwarder) throw new Error(`no infrastructure named ${name}`);
      await (up ? forwarder.start() : forwarder.stop());
    },
    state: () => Object.fromEntries(Object.entries(forwarders).map(([name, f]) => [name, f.up ? 'up' : 'down'])),
    async stop() {
      await Promise.all(Object.values(forwarders).map((f) => f.stop()));
      await broker('stop').catch(() => undefined);
      rmSync(join(root, '.ovation', brokerName), { recursive: true, force: true });
    },
  };
}

module.exports = { startInfrastructure, Forwarder };
