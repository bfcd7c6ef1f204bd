import { createServer, IncomingMessage, Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCodes, negotiateEncoding, NO_POSITION, parsePosition, TokenBucket } from '@ovation/danmaku-domain';
import { errorBody } from '@ovation/http';
import { WebSocketServer } from 'ws';
import type { ConnectionContext } from './connection-context';
import { PreparedFrames } from './prepared-frames';
import { PushConnection } from './push-connection';
import { RefusalLog } from './refusal-log';

export interface SocketServerOptions {
  port: number;
  host?: string;
  /** Largest client frame accepted (bytes). */
  maxFrameBytes?: number;
  /** Sockets this node holds at most (PUSH_CAPACITY); past it an upgrade is refused with 503. */
  maxConnections: number;
  /** Upgrades this node takes a second (also its burst); past it an upgrade is refused with 503. */
  handshakesPerSecond: number;
}

/** Why an upgrade was refused (the `reason` of ovation_push_refusals_total{type="connection"}). */
type UpgradeRefusal = 'max_connections' | 'handshake_rate' | 'draining';

/** What a client refused because the node is full waits before asking the gateway for a new join (which places it elsewhere once the scheduler saw this node full). */
const FULL_RETRY_AFTER_S = 5;

export const WS_PATH = '/ws';

/**
 * The viewers' WebSocket endpoint (`/ws`): negotiates the encoding, hands each socket to a
 * PushConnection, closes silent ones, and drains (reconnect hints spread over time, then close).
 */
export class PushSocketServer {
  private readonly connections = new Set<PushConnection>();
  private readonly frames = new PreparedFrames();
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly handshakes: TokenBucket;
  private readonly refusalLog: RefusalLog;
  private sweeper?: NodeJS.Timeout;
  private draining = false;

  constructor(
    private readonly context: ConnectionContext,
    private readonly options: SocketServerOptions,
  ) {
    this.handshakes = new TokenBucket({ burst: options.handshakesPerSecond, perSecond: options.handshakesPerSecond }, Date.now());
    this.refusalLog = new RefusalLog(context.logger);
    this.wss = new WebSocketServer({
      noServer: true,
      perMessageDeflate: false,
      // A client's WebSocket pings are answered by PushConnection, within the socket's ping budget.
      autoPong: false,
      maxPayload: options.maxFrameBytes ?? 16 * 1024,
      clientTracking: false,
      // The subprotocol was chosen in upgrade(); ws only echoes it.
      handleProtocols: (_offered, request) => (request as IncomingMessage & { subprotocol?: string }).subprotocol ?? false,
    });
    this.http = createServer((_request, response) =>
      response.writeHead(426, { 'content-type': 'application/json', 'cache-control': 'no-store', upgrade: 'websocket' }).end(JSON.stringify(errorBody('upgrade_required', `WebSocket only: connect to ${WS_PATH}`))),
    );
    this.http.on('upgrade', (request, socket, head) => this.upgrade(request, socket, head));
  }

  get size(): number {
    return this.connections.size;
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port, this.options.host ?? '0.0.0.0', () => resolve());
    });
    const interval = this.context.heartbeatIntervalMs;
    this.sweeper = setInterval(() => this.sweep(), Math.max(50, Math.floor(interval / 4)));
    this.sweeper.unref();
    return (this.http.address() as { port: number }).port;
  }

  /**
   * Stops taking sockets, tells every client to reconnect after a random delay within `spreadMs`,
   * waits up to `graceMs` for them to go, then closes the rest (4009).
   */
  async drain(spreadMs: number, graceMs: number): Promise<void> {
    this.draining = true;
    for (const connection of this.connections) connection.reconnectHint(Math.floor(Math.random() * spreadMs));
    const deadline = Date.now() + graceMs;
    while (this.draining && this.connections.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    // An undrain while waiting keeps the sockets that stayed.
    if (!this.draining) return;
    for (const connection of this.connections) connection.close(CloseCodes.draining, 'draining');
  }

  /** Takes sockets again after a drain (an operator returned the node to service). */
  undrain(): void {
    this.draining = false;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    for (const connection of this.connections) connection.close(CloseCodes.goingAway, 'shutting down');
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://push');
    if (url.pathname !== WS_PATH) return refuse(socket, 404, 'not_found', `no WebSocket endpoint at ${url.pathname}: connect to ${WS_PATH}`);
    if (this.draining) return this.refuseUpgrade(socket, 'draining', FULL_RETRY_AFTER_S, 'draining: reconnect to another node');
    if (this.connections.size >= this.options.maxConnections) {
      return this.refuseUpgrade(socket, 'max_connections', FULL_RETRY_AFTER_S, `this node holds its most sockets (${this.options.maxConnections}): get a new join`);
    }
    const waitMs = this.handshakes.take(Date.now());
    if (waitMs > 0) return this.refuseUpgrade(socket, 'handshake_rate', Math.ceil(waitMs / 1000), `this node takes at most ${this.options.handshakesPerSecond} new sockets a second`);
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    const encoding = negotiateEncoding(url.searchParams.get('encoding'), offered);
    if (!encoding.ok) return refuse(socket, 400, 'invalid_argument', encoding.message, encoding.field);
    const lastPosition = parsePosition(url.searchParams.get('lastPosition') ?? String(NO_POSITION));
    if (lastPosition === undefined) return refuse(socket, 400, 'invalid_argument', 'lastPosition must be a non-negative integer', 'lastPosition');
    (request as IncomingMessage & { subprotocol?: string }).subprotocol = encoding.subprotocol;
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new PushConnection(ws, encoding.encoding, this.context, this.frames, (closed) => this.forget(closed));
      this.connections.add(connection);
      this.context.metrics.connections.set(this.connections.size);
      connection.open(url.searchParams.get('token'), lastPosition);
    });
  }

  private refuseUpgrade(socket: Duplex, reason: UpgradeRefusal, retryAfterS: number, message: string): void {
    this.context.metrics.refusals.inc({ type: 'connection', reason });
    this.refusalLog.refused({ reason, connections: this.connections.size }, 'WebSocket upgrades refused');
    refuse(socket, 503, 'unavailable', message, undefined, { 'Retry-After': String(retryAfterS) });
  }

  private forget(connection: PushConnection): void {
    this.connections.delete(connection);
    this.context.metrics.connections.set(this.connections.size);
  }

  private sweep(): void {
    const now = Date.now();
    for (const connection of this.connections) connection.closeIfSilent(now);
  }
}

/** An upgrade refused with the public ports' one error shape, `{error: {code, message, field?}}`. */
function refuse(socket: Duplex, status: number, code: string, message: string, field?: string, headers: Record<string, string> = {}): void {
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  const body = JSON.stringify(errorBody(code, message, field));
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n${extra}Content-Type: application/json\r\nCache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
