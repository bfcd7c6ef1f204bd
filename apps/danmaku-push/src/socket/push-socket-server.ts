import { createServer, IncomingMessage, Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCodes, negotiateEncoding, NO_POSITION, parsePosition } from '@ovation/danmaku-domain';
import { WebSocketServer } from 'ws';
import type { ConnectionContext } from './connection-context';
import { PreparedFrames } from './prepared-frames';
import { PushConnection } from './push-connection';

export interface SocketServerOptions {
  port: number;
  host?: string;
  /** Largest client frame accepted (bytes). */
  maxFrameBytes?: number;
}

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
  private sweeper?: NodeJS.Timeout;
  private draining = false;

  constructor(
    private readonly context: ConnectionContext,
    private readonly options: SocketServerOptions,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      perMessageDeflate: false,
      maxPayload: options.maxFrameBytes ?? 16 * 1024,
      clientTracking: false,
      // The subprotocol was chosen in upgrade(); ws only echoes it.
      handleProtocols: (_offered, request) => (request as IncomingMessage & { subprotocol?: string }).subprotocol ?? false,
    });
    this.http = createServer((_request, response) => response.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only: connect to /ws\n'));
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
    while (this.connections.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    for (const connection of this.connections) connection.close(CloseCodes.draining, 'draining');
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    for (const connection of this.connections) connection.close(CloseCodes.goingAway, 'shutting down');
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://push');
    if (url.pathname !== WS_PATH) return refuse(socket, 404, 'not found');
    if (this.draining) return refuse(socket, 503, 'draining: reconnect to another node');
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    const encoding = negotiateEncoding(url.searchParams.get('encoding'), offered);
    if (!encoding.ok) return refuse(socket, 400, encoding.message);
    const lastPosition = parsePosition(url.searchParams.get('lastPosition') ?? String(NO_POSITION));
    if (lastPosition === undefined) return refuse(socket, 400, 'lastPosition must be a non-negative integer');
    (request as IncomingMessage & { subprotocol?: string }).subprotocol = encoding.subprotocol;
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new PushConnection(ws, encoding.encoding, this.context, this.frames, (closed) => this.forget(closed));
      this.connections.add(connection);
      this.context.metrics.connections.set(this.connections.size);
      connection.open(url.searchParams.get('token'), lastPosition);
    });
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

function refuse(socket: Duplex, status: number, message: string): void {
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
}
