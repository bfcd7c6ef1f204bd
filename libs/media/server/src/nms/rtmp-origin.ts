import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { redactStreamKeys, verifyOriginPull } from '@ovation/media-domain';
import type { Logger } from 'pino';
import { loadNms, NmsModules, NmsSession } from './nms-internals';

export interface RtmpOriginOptions {
  /** Where RTMP listens (broadcasters reach it through the public load balancer). */
  bind: string;
  rtmpPort: number;
  /** node-media-server's HTTP-FLV: the origin playback nodes (and our own ffmpeg) pull from. */
  flvPort: number;
  /** Where the HTTP-FLV origin listens: the pod's own address, never every interface. */
  flvBind: string;
  /** The secret of the origin's pull credential (signOriginUrl): every FLV request must carry one. */
  flvSecret: string;
  /**
   * How long node-media-server keeps a dropped publish open for the same client to resume it
   * (its default is 30 s): no end event until then, and a resume continues the same timeline.
   */
  publishGraceMs: number;
  /** The application publishers push to: stream names under it are keys, redacted from every log line. */
  publishApp: string;
  logger: Logger;
}

/** One publisher connection, as much of it as ingest needs. */
export interface Publisher {
  readonly sessionId: string;
  readonly protocol: string;
  readonly app: string;
  /** The stream name: for us, the stream key. */
  readonly streamName: string;
  readonly streamPath: string;
  readonly ip: string;
  /** What the publisher's metadata said, once it arrived (zero: not yet). */
  video(): { width?: number; height?: number; kbps?: number };
}

/**
 * How node-media-server took a publish: a `new` publish, a `resumed` one (the same client came
 * back within the grace window and continues the dropped publish), or `refused` by the server
 * itself because the stream path already has a live publisher (the session is closed already).
 */
export type PublishKind = 'new' | 'resumed' | 'refused';

interface Listeners {
  publish: (publisher: Publisher, kind: PublishKind) => void;
  dropped: (publisher: Publisher) => void;
  ended: (publisher: Publisher) => void;
  /**
   * A play was refused: any RTMP play (nothing legitimate plays RTMP from ingest: playback and our
   * ffmpeg pull HTTP-FLV), and HTTP-FLV requests without a valid pull credential (`reason`).
   */
  playRefused: (protocol: 'rtmp' | 'flv', reason: string) => void;
}

/** node-media-server 4.x behind a small typed surface: RTMP in, HTTP-FLV out, publish events. */
export class RtmpOrigin {
  private readonly nms: NmsModules = loadNms();
  private readonly listeners: { [K in keyof Listeners]: Listeners[K][] } = { publish: [], dropped: [], ended: [], playRefused: [] };
  private readonly publishers = new WeakMap<NmsSession, Publisher>();
  private readonly resuming = new WeakSet<NmsSession>();
  /** Bytes of publisher sessions that have ended, and which sessions those were (not to count them twice). */
  private finishedBytes = 0;
  private readonly finished = new WeakSet<NmsSession>();
  private rtmp?: InstanceType<NmsModules['RtmpServer']>;
  private http?: InstanceType<NmsModules['HttpServer']>;

  constructor(private readonly options: RtmpOriginOptions) {}

  on<K extends keyof Listeners>(event: K, listener: Listeners[K]): void {
    this.listeners[event].push(listener);
  }

  async start(): Promise<void> {
    const { context, logger } = this.nms;
    const log = this.options.logger.child({ component: 'node-media-server' });
    // Its own logger prints plain text at debug level; route it into ours (its info is our debug),
    // stream keys taken out: several of its lines (a duplicate publisher, a bad path) name the stream path.
    logger.log = (raw: string, level = 'info') => {
      const message = redactStreamKeys(raw, this.options.publishApp);
      if (level === 'error') log.error(message);
      else if (level === 'warn') log.warn(message);
      else log.debug(message);
    };
    context.config = { bind: this.options.bind, rtmp: { port: this.options.rtmpPort }, http: { port: this.options.flvPort }, webadmin: { enable: false } };
    context.eventEmitter.on('prePlay', this.beforePlay);
    context.eventEmitter.on('prePublish', this.beforePublish);
    context.eventEmitter.on('postPublish', this.afterPublish);
    context.eventEmitter.on('donePublish', this.publishDone);
    this.rtmp = new this.nms.RtmpServer();
    this.http = new this.nms.HttpServer();
    const flv = this.http.httpServer;
    if (!flv) throw new Error('node-media-server made no HTTP server');
    this.guardFlv(flv);
    this.rtmp.run();
    // Its run() would bind HTTP-FLV to RTMP's address: listen on our own.
    flv.listen(this.options.flvPort, this.options.flvBind);
    await Promise.all([listening(this.rtmp.tcpServer), listening(flv)]);
  }

  /** Serves the stream published at `streamPath` under `originPath` too (e.g. the room id instead of the secret key). */
  expose(streamPath: string, originPath: string): void {
    const { broadcasts } = this.nms.context;
    const broadcast = broadcasts.get(streamPath);
    if (!broadcast) throw new Error(`nothing is published at ${streamPath}`);
    const waiting = broadcasts.get(originPath);
    // Players that came before the stream wait on an empty broadcast of their own: cut them, they retry.
    if (waiting && waiting !== broadcast) for (const player of waiting.subscribers.values()) player.close();
    broadcasts.set(originPath, broadcast);
  }

  withdraw(streamPath: string, originPath: string): void {
    const { broadcasts } = this.nms.context;
    const exposed = broadcasts.get(originPath);
    if (exposed && (exposed === broadcasts.get(streamPath) || exposed.publisher === null)) broadcasts.delete(originPath);
  }

  /** Closes a publisher we will not take, and ends its publish now rather than after the grace window. */
  refuse(publisher: Publisher): void {
    const session = this.sessionOf(publisher);
    if (!session) return;
    const broadcast = this.nms.context.broadcasts.get(session.streamPath);
    if (broadcast?.publisher === session) broadcast.publishGraceMs = 0;
    session.close();
  }

  /** Disconnects a live publisher (its publish then ends after the grace window, as a drop would). */
  disconnect(publisher: Publisher): void {
    this.sessionOf(publisher)?.close();
  }

  /** Bytes received from every publisher since start: the ended ones plus those still live (never decreases). */
  receivedBytes(): number {
    let live = 0;
    for (const session of this.nms.context.sessions.values()) {
      if (session.isPublisher && !this.finished.has(session)) live += session.inBytes ?? 0;
    }
    return this.finishedBytes + live;
  }

  async stop(): Promise<void> {
    const { context } = this.nms;
    for (const session of [...context.sessions.values()]) session.close();
    this.rtmp?.stop();
    this.http?.stop();
    context.eventEmitter.off('prePlay', this.beforePlay);
    context.eventEmitter.off('prePublish', this.beforePublish);
    context.eventEmitter.off('postPublish', this.afterPublish);
    context.eventEmitter.off('donePublish', this.publishDone);
  }

  private sessionOf(publisher: Publisher): NmsSession | undefined {
    return this.nms.context.sessions.get(publisher.sessionId);
  }

  /**
   * RTMP plays are refused outright: room ids are public, so `rtmp://ingest/room/<id>` would hand
   * anyone the raw stream. The socket is destroyed here, before node-media-server sends a byte
   * (what it writes afterwards goes nowhere) and its close removes the subscriber again.
   */
  private readonly beforePlay = (session: NmsSession) => {
    if (session.protocol !== 'rtmp') return;
    session.socket?.destroy();
    this.emit('playRefused', 'rtmp', 'rtmp_play');
  };

  /**
   * Puts the pull credential in front of node-media-server's HTTP-FLV: a GET of `/<app>/<name>.flv`
   * signed for that path (signOriginUrl) passes on; anything else is answered here (401 without a
   * credential, 403 with a bad or expired one, 405 for other methods: no publishing over HTTP)
   * and never reaches its sessions. WebSocket-FLV has no user: every upgrade is refused.
   */
  private guardFlv(server: NonNullable<InstanceType<NmsModules['HttpServer']>['httpServer']>): void {
    const [app] = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://origin');
      const problem = req.method !== 'GET' ? 'method' : verifyOriginPull(url.pathname, url.searchParams, this.options.flvSecret);
      if (!problem) return app(req, res);
      this.emit('playRefused', 'flv', problem);
      const status = problem === 'method' ? 405 : problem === 'missing' ? 401 : 403;
      res.writeHead(status, { 'Content-Type': 'application/json', Connection: 'close' });
      res.end(JSON.stringify({ error: { code: status === 405 ? 'method_not_allowed' : 'unauthorized', message: `the origin refused the pull: ${problem}` } }));
    });
    server.removeAllListeners('upgrade');
    server.on('upgrade', (_req: IncomingMessage, socket: Duplex) => {
      this.emit('playRefused', 'flv', 'websocket');
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
  }

  private readonly beforePublish = (session: NmsSession) => {
    const broadcast = this.nms.context.broadcasts.get(session.streamPath);
    if (!broadcast) return;
    broadcast.publishGraceMs = this.options.publishGraceMs;
    const previous = broadcast.publisher;
    if (broadcast.getPublishStatus() === 'reconnecting' && previous && addressOf(previous.ip) === addressOf(session.ip)) this.resuming.add(session);
  };

  private readonly afterPublish = (session: NmsSession) => {
    // node-media-server decides whether the session became the publisher right after this event, synchronously.
    queueMicrotask(() => {
      const publisher = this.publisherOf(session);
      if (!session.isPublisher) return this.emit('publish', publisher, 'refused');
      (session.socket ?? session.req?.socket)?.once('close', () => this.emit('dropped', publisher));
      this.emit('publish', publisher, this.resuming.has(session) ? 'resumed' : 'new');
    });
  };

  private readonly publishDone = (session: NmsSession) => {
    if (!this.finished.has(session)) {
      this.finished.add(session);
      this.finishedBytes += session.inBytes ?? 0;
    }
    this.emit('ended', this.publisherOf(session));
  };

  private publisherOf(session: NmsSession): Publisher {
    let publisher = this.publishers.get(session);
    if (!publisher) {
      publisher = {
        sessionId: session.id,
        protocol: session.protocol,
        app: session.streamApp,
        streamName: session.streamName,
        streamPath: session.streamPath,
        ip: session.ip,
        video: () => ({ width: session.videoWidth || undefined, height: session.videoHeight || undefined, kbps: session.videoDatarate || undefined }),
      };
      this.publishers.set(session, publisher);
    }
    return publisher;
  }

  private emit<K extends keyof Listeners>(event: K, ...args: Parameters<Listeners[K]>): void {
    for (const listener of this.listeners[event]) {
      try {
        (listener as (...a: Parameters<Listeners[K]>) => void)(...args);
      } catch (error) {
        this.options.logger.error({ err: error, event }, 'RTMP origin listener failed');
      }
    }
  }
}

/** Session ips are `address:port`; two connections of one client differ in the port only. */
function addressOf(ip: string): string {
  return ip.replace(/:\d+$/, '');
}

async function listening(server: { listening: boolean } | undefined): Promise<void> {
  if (!server || server.listening) return;
  await once(server as unknown as NodeJS.EventEmitter, 'listening');
}
