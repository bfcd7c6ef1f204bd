// Services as kube-proxy makes them: each Service gets a virtual address in the root namespace
// (a LoadBalancer Service an external one too); a connection to one of its ports goes to a ready
// pod behind it, round-robin; with no ready pod it is refused. Endpoints follow readiness.
'use strict';

const { createConnection, createServer } = require('node:net');
const { containerPort, matches } = require('./manifest.cjs');
const { splice } = require('./splice.cjs');

class ServiceProxy {
  /** @param {object} service from readManifest; @param {() => Pod[]} pods every pod of the run */
  constructor(service, pods) {
    this.service = service;
    this.pods = pods;
    this.servers = [];
    this.sockets = new Set();
    this.turn = 0;
  }

  /** Ready pods behind the Service: { id, ip, port(targetPort) }. */
  endpoints(targetPort) {
    return this.pods()
      .filter((pod) => pod.ready && matches(this.service.selector, pod.labels))
      .map((pod) => ({ id: pod.name, ip: pod.ip, port: containerPort(pod.spec, targetPort) }));
  }

  pick(targetPort) {
    const endpoints = this.endpoints(targetPort);
    if (!endpoints.length) return undefined;
    this.turn = (this.turn + 1) % endpoints.length;
    return endpoints[this.turn];
  }

  /** Listens on every port of the Service at each address. */
  async listen(addresses) {
    for (const address of addresses) {
      for (const port of this.service.ports) {
        const server = createServer((client) => this.forward(client, port.targetPort));
        await new Promise((resolve, reject) => server.once('error', reject).listen(port.port, address, resolve));
        this.servers.push(server);
      }
    }
  }

  forward(client, targetPort) {
    const endpoint = this.pick(targetPort);
    if (!endpoint) return client.resetAndDestroy();
    splice(client, createConnection({ host: endpoint.ip, port: endpoint.port }), this.sockets);
  }

  async close() {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(this.servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

module.exports = { ServiceProxy };
