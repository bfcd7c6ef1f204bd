import { randomUUID } from 'node:crypto';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { canWrite, type Principal } from '@ovation/auth';
import {
  ClientCommand,
  CloseCode,
  CloseCodes,
  decodeBinaryClientFrame,
  Encoding,
  encodeServerMessage,
  ErrorCode,
  parseJsonClientFrame,
  ParsedFrame,
  ServerMessage,
} from '@ovation/danmaku-domain';
import type { Subscriber } from '@ovation/danmaku-server';
import type { RawData, WebSocket } from 'ws';
import type { ConnectionContext } from './connection-context';
import type { PreparedFrames } from './prepared-frames';

const tracer = trace.getTracer('danmaku-push');

/** Frames a client may send while its token is being checked; more is a protocol violation. */
const EARLY_FRAMES_MAX = 16;
/** Chat messages of one socket waiting for their answer at once; beyond it, rate_limited. */
const CHATS_IN_FLIGHT_MAX = 16;
/** How long a closing socket gets to flush its close frame before it is cut. */
const CLOSE_GRACE_MS = 5000;

type State = 'awaiting_hello' | 'authenticating' | 'joined' | 'closing';

/**
 * One viewer's socket: authenticates with the join token (URL or hello), joins the token's
 * room on the fan-out, and turns client frames into sends, likes, resumes and pongs
 * (docs/protocol.md).
 */
export class PushConnection implements Subscriber {
  readonly id = randomUUID();
  private state: State = 'awaiting_hello';
  private principal?: Principal;
  private roomId = '';
  private lastHeardAt = Date.now();
  private readonly connectedAt = Date.now();
  private readonly early: RawData[] = [];
  private chatsInFlight = 0;

  constructor(
    private readonly socket: WebSocket,
    readonly encoding: Encoding,
    private readonly context: ConnectionContext,
    private readonly frames: PreparedFrames,
    private readonly onClosed: (connection: PushConnection) => void,
  ) {
    socket.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    socket.on('ping', () => (this.lastHeardAt = Date.now()));
    socket.on('close', () => this.closed());
    socket.on('error', (error) => context.logger.debug({ err: error, connectionId: this.id }, 'socket error'));
  }

  get userId(): string {
    return this.principal?.role === 'guest' ? '' : (this.principal?.userId ?? '');
  }

  get room(): string {
    return this.roomId;
  }

  /** Starts the session with a token from the URL (or waits for hello). */
  open(token: string | null, lastPosition: number): void {
    if (token) void this.authenticate(token, lastPosition);
  }

  bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  write(frame: Buffer): void {
    if (this.state === 'closing') return;
    this.frames.write(this.socket, frame, this.encoding === 'binary');
  }

  writeOwn(frame: Buffer): void {
    if (this.state === 'closing') return;
    this.frames.writeOwn(this.socket, frame, this.encoding === 'binary');
  }

  closeSlow(): void {
    this.fail('slow_consumer', 'the client reads too slowly', CloseCodes.slowConsumer);
  }

  closeBanned(): void {
    this.fail('banned', 'banned from this room', CloseCodes.banned);
  }

  /** Closes the socket when it said nothing for two heartbeat intervals, or no hello within one. */
  closeIfSilent(now: number): void {
    const interval = this.context.heartbeatIntervalMs;
    if (this.state === 'awaiting_hello' && now - this.connectedAt > interval) {
      this.fail('unauthenticated', 'no hello within the heartbeat interval', CloseCodes.unauthenticated);
    } else if (this.state === 'joined' && now - this.lastHeardAt > 2 * interval) {
      this.fail('heartbeat_timeout', `nothing heard for ${2 * interval} ms`, CloseCodes.heartbeatTimeout);
    }
  }

  reconnectHint(afterMs: number): void {
    this.send({ type: 'reconnect', reason: 'draining', afterMs });
  }

  close(code: CloseCode, reason: string): void {
    if (this.state === 'closing') return;
    this.state = 'closing';
    this.leaveRoom();
    this.socket.close(code, reason);
    setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref();
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    this.lastHeardAt = Date.now();
    if (this.state === 'authenticating') {
      if (this.early.push(data) > EARLY_FRAMES_MAX) this.fail('bad_frame', 'too many frames before welcome', CloseCodes.badFrame);
      return;
    }
    if (this.state === 'closing') return;
    if (isBinary !== (this.encoding === 'binary')) {
      this.fail('bad_frame', `this socket speaks ${this.encoding} frames`, CloseCodes.badFrame);
      return;
    }
    const parsed = this.parse(data);
    this.context.metrics.framesIn.inc({ type: parsed.ok ? parsed.command.type : 'bad' });
    if (parsed.ok) this.handle(parsed.command);
    else if (parsed.chatClientMsgId !== undefined && this.state === 'joined') this.send({ type: 'nack', clientMsgId: parsed.chatClientMsgId, reason: 'invalid', retryAfterMs: 0 });
    else this.fail('bad_frame', parsed.message, CloseCodes.badFrame);
  }

  private parse(data: RawData): ParsedFrame {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    return this.encoding === 'binary' ? decodeBinaryClientFrame(bytes) : parseJsonClientFrame(bytes);
  }

  private handle(command: ClientCommand): void {
    if (command.type === 'ping') {
      this.send({ type: 'pong', clientTimeMs: command.clientTimeMs, serverTimeMs: Date.now() });
      return;
    }
    if (this.state === 'awaiting_hello') {
      if (command.type === 'hello') void this.authenticate(command.token, command.lastPosition);
      else this.fail('unauthenticated', 'the first frame must be hello (or connect with ?token=)', CloseCodes.unauthenticated);
      return;
    }
    switch (command.type) {
      case 'hello':
        this.fail('bad_frame', 'hello only as the first frame', CloseCodes.badFrame);
        return;
      case 'chat':
        this.chat(command.clientMsgId, command.text);
        return;
      case 'like':
        if (this.userId) this.context.likes.add(this.roomId, this.userId, command.count);
        return;
      case 'resume':
        if (command.roomId && command.roomId !== this.roomId) {
          this.send({ type: 'error', code: 'bad_frame', message: `this socket is in room ${this.roomId}` });
          return;
        }
        void this.context.fanout.resume(this.roomId, this, command.lastPosition);
        return;
    }
  }

  private async authenticate(token: string, lastPosition: number): Promise<void> {
    this.state = 'authenticating';
    const { verifier, standings, logger } = this.context;
    let room: unknown;
    try {
      const verified = await verifier.verifyWithClaims(token);
      this.principal = verified.principal;
      room = verified.claims.room;
    } catch (error) {
      logger.debug({ err: error, connectionId: this.id }, 'join token refused');
      this.fail('unauthenticated', (error as Error).message, CloseCodes.unauthenticated);
      return;
    }
    if (typeof room !== 'string' || room === '') {
      this.fail('unauthenticated', 'the token names no room', CloseCodes.unauthenticated);
      return;
    }
    if (this.userId) {
      // Watching is not speaking: when room cannot be asked, the viewer is let in (the write path still checks).
      const standing = await standings.of(room, this.userId).catch(() => undefined);
      if (standing?.banned) {
        this.closeBanned();
        return;
      }
    }
    if (this.state !== 'authenticating') return;
    this.roomId = room;
    this.state = 'joined';
    const { fanout, nodeId, heartbeatIntervalMs } = this.context;
    this.send({ type: 'welcome', connectionId: this.id, nodeId, roomId: room, userId: this.userId, heartbeatIntervalMs, headPosition: fanout.head(room) });
    void fanout.join(room, this, lastPosition);
    // A ban room announced while the standing was being looked up found no socket of this user in
    // the room to close. Asked again now that the socket is in, the answer includes it (and a ban
    // announced from here on finds the socket in the room).
    if (this.userId) void standings.of(room, this.userId).then((standing) => standing.banned && this.closeBanned(), () => undefined);
    for (const frame of this.early.splice(0)) this.onFrame(frame, this.encoding === 'binary');
  }

  private chat(clientMsgId: string, text: string): void {
    if (this.chatsInFlight >= CHATS_IN_FLIGHT_MAX) {
      this.send({ type: 'nack', clientMsgId, reason: 'rate_limited', retryAfterMs: 1000 });
      return;
    }
    this.chatsInFlight++;
    const speaker = { userId: this.userId, displayName: this.principal!.displayName, canWrite: canWrite(this.principal!) };
    // A socket frame has no instrumentation of its own: this span starts the message's trace,
    // which Kafka then carries to every push node that delivers it.
    const span = tracer.startSpan('danmaku chat', {
      kind: SpanKind.SERVER,
      attributes: { 'ovation.room_id': this.roomId, 'enduser.id': this.userId, 'ovation.client_msg_id': clientMsgId },
    });
    void context
      .with(trace.setSpan(context.active(), span), () => this.context.writer.send({ roomId: this.roomId, speaker, clientMsgId, text }))
      .then((outcome) => {
        span.setAttribute('ovation.outcome', outcome.accepted ? 'ack' : outcome.reason);
        this.send(
          outcome.accepted
            ? { type: 'ack', clientMsgId, messageId: outcome.messageId, position: outcome.position }
            : { type: 'nack', clientMsgId, reason: outcome.reason, retryAfterMs: outcome.retryAfterMs },
        );
      })
      .catch((error: unknown) => {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        this.send({ type: 'nack', clientMsgId, reason: 'unavailable', retryAfterMs: 1000 });
      })
      .finally(() => {
        span.end();
        this.chatsInFlight--;
      });
  }

  private send(message: ServerMessage): void {
    if (this.state === 'closing') return;
    this.writeOwn(encodeServerMessage(message, this.encoding));
    this.context.metrics.framesOut.inc({ kind: 'control' });
  }

  /** An error frame, then the close. */
  private fail(code: ErrorCode, message: string, closeCode: CloseCode): void {
    this.send({ type: 'error', code, message });
    this.close(closeCode, code);
  }

  private leaveRoom(): void {
    if (this.roomId) this.context.fanout.leave(this.roomId, this);
  }

  private closed(): void {
    this.state = 'closing';
    this.leaveRoom();
    this.onClosed(this);
  }
}
