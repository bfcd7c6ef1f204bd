import { danmakuV1 } from '@ovation/contracts';
import { decodeBinaryServerFrame, Encoding, eventTypeOf } from '@ovation/danmaku-domain';
import { WebSocket } from 'ws';

/** A server frame as a test sees it: the JSON shape of docs/protocol.md (binary frames are decoded to the same fields). */
export type Frame = Record<string, unknown> & { type: string };
export interface ReceivedEvent {
  type: string;
  position: string;
  payload: Record<string, unknown>;
}

export interface ClientOptions {
  encoding?: Encoding;
  /** Extra query parameters (token, lastPosition, encoding…). */
  query?: Record<string, string>;
  subprotocols?: string[];
  /** Sends a ping every this many ms once welcomed (0: never; the silent-socket test). */
  pingEveryMs?: number;
}

/** A viewer's socket for tests: records every frame, answers what it saw. */
export class PushClient {
  readonly frames: Frame[] = [];
  readonly socket: WebSocket;
  readonly closed: Promise<{ code: number; reason: string }>;
  private pinger?: NodeJS.Timeout;

  constructor(
    baseUrl: string,
    private readonly options: ClientOptions = {},
  ) {
    const url = new URL(baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
    this.socket = new WebSocket(url, options.subprotocols ?? []);
    this.socket.on('message', (data: Buffer, isBinary) => this.frames.push(isBinary ? toFrame(data) : (JSON.parse(data.toString()) as Frame)));
    this.closed = new Promise((resolve) => this.socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.socket.on('error', () => undefined);
    const pingEveryMs = options.pingEveryMs ?? 300;
    if (pingEveryMs > 0) {
      this.pinger = setInterval(() => this.send({ type: 'ping', clientTimeMs: Date.now() }), pingEveryMs);
      this.pinger.unref();
      void this.closed.then(() => clearInterval(this.pinger));
    }
  }

  get binary(): boolean {
    return this.options.encoding === 'binary';
  }

  async opened(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) return;
    await new Promise<void>((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  /** Sends a frame in the JSON shape; on a binary socket it is encoded as a ClientFrame. */
  send(frame: Record<string, unknown>): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(this.binary ? encodeClientFrame(frame) : JSON.stringify(frame));
  }

  of(type: string): Frame[] {
    return this.frames.filter((frame) => frame.type === type);
  }

  /** Every event received, in order (replayed and live). */
  get events(): ReceivedEvent[] {
    return this.of('events').flatMap((frame) => frame.events as ReceivedEvent[]);
  }

  /** Chat message ids received, in order. */
  get chatIds(): string[] {
    return this.events.filter((e) => e.type === 'chat').map((e) => e.payload.messageId as string);
  }

  get lastPosition(): string {
    return this.events.at(-1)?.position ?? '0';
  }

  async next(type: string, match: (frame: Frame) => boolean = () => true, timeoutMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find((frame) => frame.type === type && match(frame));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${type} frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Sends a chat message and answers the ack or nack for it. */
  async chat(clientMsgId: string, text: string): Promise<Frame> {
    this.send({ type: 'chat', clientMsgId, text });
    return this.answer(clientMsgId);
  }

  /** The ack or nack of one client message id. */
  async answer(clientMsgId: string, timeoutMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find((frame) => (frame.type === 'ack' || frame.type === 'nack') && frame.clientMsgId === clientMsgId);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no answer to ${clientMsgId} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  close(): void {
    clearInterval(this.pinger);
    this.socket.close();
  }
}

function encodeClientFrame(frame: Record<string, unknown>): Uint8Array {
  const { type, ...fields } = frame;
  const message: danmakuV1.ClientFrame = {};
  if (type === 'hello') message.hello = { token: String(fields.token), client: '', lastPosition: String(fields.lastPosition ?? '0') };
  if (type === 'chat') message.sendChat = { clientMsgId: String(fields.clientMsgId), text: String(fields.text) };
  if (type === 'like') message.like = { count: Number(fields.count) };
  if (type === 'resume') message.resume = { lastPosition: String(fields.lastPosition), roomId: String(fields.room ?? '') };
  if (type === 'ping') message.ping = { clientTimeMs: String(fields.clientTimeMs) };
  return danmakuV1.ClientFrame.encode(message).finish();
}

// Binary frames decoded to the JSON shape, so assertions read the same for both encodings.
function toFrame(data: Buffer): Frame {
  const message = decodeBinaryServerFrame(data);
  if (message.type !== 'events') return { ...message, ...('position' in message ? { position: String(message.position) } : {}) } as Frame;
  return {
    ...message,
    events: message.events.map(({ position, event }) => {
      const type = eventTypeOf(event);
      return { type: type ?? 'unknown', position: String(position), payload: (type && event[type]) ?? {} };
    }),
  } as Frame;
}
