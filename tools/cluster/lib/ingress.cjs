// The harness's ingress controller: one HTTP listener on an edge address that serves every
// rendered Ingress (host and path rules, `upstream-hash-by`), proxying requests and WebSocket
// upgrades to a ready pod of the backend Service. Unknown hosts/paths get 404, no ready pod 503,
// as ingress-nginx answers.
'use strict';

const { request, createServer } = require('node:http');
const { createConnection } = require('node:net');
const { endpointForKey, hashKey, matchIngress } = require('./routing.cjs');
const { splice } = require('./splice.cjs');

class Ingress {
  /**
   * @param {object[]} ingresses from readManifest
   * @param {(name: string) => import('./services.cjs').ServiceProxy | undefined} serviceNamed
   */
  constructor(ingresses, serviceNamed) {
    this.ingresses = ingresses;
    this.serviceNamed = serviceNamed;
    this.sockets = new Set();
    this.routed = [];
    this.server = createServer((req, res) => this.proxyRequest(req, res));
    this.server.on('upgrade', (req, socket, head) => this.proxyUpgrade(req, socket, head));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  listen(address, port = 80) {
    return new Promise((resolve, reject) => this.server.once('error', reject).listen(port, address, resolve));
  }

  /** The pod a request goes to, or the status the ingress answers instead. */
  route(req) {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', 'http://ingress');
    const match = matchIngress(this.ingresses, host, url.pathname);
    if (!match) return { status: 404 };
    const proxy = this.serviceNamed(match.path.service);
    const port = proxy?.service.ports.find((p) => p.name === match.path.port || p.port === match.path.port);
    if (!proxy || !port) return { status: 503 };
    const key = hashKey(match.ingress, url, host);
    const endpoints = proxy.endpoints(port.targetPort);
    const endpoint = key === undefined ? proxy.pick(port.targetPort) : endpointForKey(endpoints, key);
    if (!endpoint) return { status: 503 };
    this.routed.push({ ingress: match.ingress.name, path: url.pathname, key, pod: endpoint.id });
    if (this.routed.length > 1000) this.routed.shift();
    return { endpoint };
  }

  forwardedHeaders(req) {
    return {
      ...req.headers,
      'x-forwarded-for': [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', '),
      'x-forwarded-host': req.headers.host ?? '',
      'x-forwarded-proto': 'http',
      'x-real-ip': req.socket.remoteAddress ?? '',
    };
  }

  proxyRequest(req, res) {
    const { endpoint, status } = this.route(req);
    if (!endpoint) return res.writeHead(status, { 'content-type': 'text/html' }).end(`<html><body>${status}</body></html>`);
    const upstream = request({ host: endpoint.ip, port: endpoint.port, method: req.method, path: req.url, headers: this.forwardedHeaders(req) }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502</body></html>');
      else res.destroy();
    });
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }

  proxyUpgrade(req, socket, head) {
    const { endpoint, status } = this.route(req);
    if (!endpoint) return socket.end(`HTTP/1.1 ${status} Unavailable\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    const upstream = createConnection({ host: endpoint.ip, port: endpoint.port }, () => {
      const headers = this.forwardedHeaders(req);
      const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(headers).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${name}: ${v}`))];
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      splice(socket, upstream, this.sockets);
    });
    // Before it connects: a refused upstream (its error is followed by close) ends the client,
    // a client gone ends the attempt.
    this.sockets.add(upstream);
    upstream.on('error', () => undefined).once('close', () => {
      this.sockets.delete(upstream);
      socket.destroy();
    });
    socket.once('close', () => upstream.destroy());
  }

  async close() {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

module.exports = { Ingress };
