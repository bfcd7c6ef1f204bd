import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { errorBody } from '@ovation/http';
import { Counter, Registry } from 'prom-client';
import { DrainState } from './drain-state';
import { evaluateReadiness, Readiness } from './readiness';

export interface OpsServerOptions {
  port: number;
  host?: string;
  registry: Registry;
  readiness: Readiness;
  checkTimeoutMs?: number;
  /** A draining process stays alive but reports not ready, so new traffic goes elsewhere. */
  drain?: DrainState;
  /**
   * Operator actions served as `POST <path>` (e.g. `/drain` for a Kubernetes preStop hook), each
   * only with `Authorization: Bearer <token>`. They are accepted at once (202) and run in the
   * background; their effect shows in /readyz and /metrics.
   */
  actions?: { token: string; routes: OpsActions };
  /** An action or a route failed (the caller got a bare 500, or already its 202). */
  onError?: (path: string, error: unknown) => void;
  /** An action was refused for want of the right credential (never given the presented token). */
  onRefused?: (path: string, reason: OpsRefusal) => void;
}

export type OpsActions = Readonly<Record<string, () => Promise<unknown>>>;
export type OpsRefusal = 'missing_credential' | 'wrong_credential';

export interface OpsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The operations surface every service exposes on a port of its own, apart from public traffic:
 * `/healthz` (the process answers), `/readyz` (the dependencies it cannot serve without answer, the
 * others reported), `/metrics` (Prometheus).
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const drain = options.drain ?? new DrainState();
  const timeoutMs = options.checkTimeoutMs ?? 2000;
  const authorize = options.actions ? bearerCheck(options.actions.token) : undefined;
  const refused = new Counter({
    name: 'ovation_ops_refused_total',
    help: 'Ops actions refused for a missing or wrong credential',
    labelNames: ['path', 'reason'],
    registers: [options.registry],
  });

  const routes: Partial<Record<string, (res: ServerResponse) => Promise<void>>> = {
    '/healthz': async (res) => json(res, 200, { status: 'ok' }),
    '/readyz': async (res) => {
      const report = await evaluateReadiness(options.readiness, timeoutMs);
      const ready = report.ready && !drain.draining;
      json(res, ready ? 200 : 503, { status: ready ? 'ready' : drain.draining ? 'draining' : 'not_ready', checks: report.checks, gating: report.gating });
    },
    '/metrics': async (res) => {
      const body = await options.registry.metrics();
      res.writeHead(200, { 'content-type': options.registry.contentType }).end(body);
    },
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const action = options.actions?.routes[path];
    if (action && req.method === 'POST') {
      const refusal = authorize!(req.headers.authorization);
      if (refusal) {
        refused.inc({ path, reason: refusal });
        options.onRefused?.(path, refusal);
        const message = refusal === 'missing_credential' ? `POST ${path} needs Authorization: Bearer <OPS_TOKEN>` : `POST ${path}: the credential is not valid`;
        return json(res, 401, errorBody('unauthenticated', message), { 'WWW-Authenticate': 'Bearer realm="ops"' });
      }
      action().catch((error: unknown) => options.onError?.(path, error));
      return json(res, 202, { status: 'accepted' });
    }
    const route = routes[path];
    if (route && (req.method === 'GET' || req.method === 'HEAD')) {
      return void route(res).catch((error: unknown) => {
        options.onError?.(path, error);
        json(res, 500, errorBody('internal', 'internal error'));
      });
    }
    if (!route && !action) return json(res, 404, errorBody('not_found', `no ops route ${req.method} ${path}`));
    const allowed = route ? 'GET, HEAD' : 'POST';
    json(res, 405, errorBody('method_not_allowed', `${req.method} is not allowed on ${path}; allowed: ${allowed}`), { Allow: allowed });
  });
  // Probes should never hold a pod's shutdown hostage.
  server.keepAliveTimeout = 1000;

  await listen(server, options.port, options.host ?? '0.0.0.0');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Compares the presented bearer token with the expected one in constant time (over equal-length digests). */
function bearerCheck(token: string): (header: string | undefined) => OpsRefusal | undefined {
  if (!token) throw new Error('ops actions need a token');
  const expected = digest(token);
  return (header) => {
    const presented = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];
    if (!presented) return 'missing_credential';
    return timingSafeEqual(digest(presented), expected) ? undefined : 'wrong_credential';
  };
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
