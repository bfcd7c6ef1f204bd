// The parts of node-media-server 4.x we drive, typed by hand: the package ships JavaScript only.
// Its servers share one module-level Context (config, sessions, broadcasts, events), so one
// process holds one media server.
/* eslint-disable @typescript-eslint/no-require-imports */
import type { EventEmitter } from 'node:events';
import type { Server as HttpServer } from 'node:http';
import type { Server as NetServer, Socket } from 'node:net';

export interface NmsSession {
  id: string;
  ip: string;
  protocol: string;
  isPublisher: boolean;
  streamApp: string;
  streamName: string;
  streamPath: string;
  videoWidth: number;
  videoHeight: number;
  videoDatarate: number;
  /** Bytes this session has received so far (a publisher's media). */
  inBytes?: number;
  socket?: Socket;
  req?: { socket: Socket };
  close(): void;
}

export interface NmsBroadcast {
  publisher: NmsSession | null;
  subscribers: Map<string, NmsSession>;
  publishGraceMs: number;
  getPublishStatus(): 'publishing' | 'reconnecting' | 'idle';
}

export interface NmsContext {
  config: object;
  sessions: Map<string, NmsSession>;
  broadcasts: Map<string, NmsBroadcast>;
  eventEmitter: EventEmitter;
}

export interface NmsRtmpServer {
  tcpServer?: NetServer;
  run(): void;
  stop(): void;
}

export interface NmsHttpServer {
  httpServer?: HttpServer;
  run(): void;
  stop(): void;
}

export interface NmsLogger {
  level: string;
  log(message: string, level?: string): void;
}

export interface NmsModules {
  context: NmsContext;
  logger: NmsLogger;
  RtmpServer: new () => NmsRtmpServer;
  HttpServer: new () => NmsHttpServer;
}

/** Loads the RTMP and HTTP-FLV servers only: not the package's admin API, store, relays or FLV recorder. */
export function loadNms(): NmsModules {
  return {
    context: require('node-media-server/src/core/context.js') as NmsContext,
    logger: require('node-media-server/src/core/logger.js') as NmsLogger,
    RtmpServer: require('node-media-server/src/server/rtmp_server.js') as new () => NmsRtmpServer,
    HttpServer: require('node-media-server/src/server/http_server.js') as new () => NmsHttpServer,
  };
}
