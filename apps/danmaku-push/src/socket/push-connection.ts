import { randomUUID } from 'node:crypto';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { canWrite, type Principal } from '@ovation/auth';
import {
  BudgetedFrame,
  BudgetVerdict,
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
  SocketBudget,
} from '@ovation/danmaku-domain';
import type { CatchUp, Subscriber } from '@ovation/danmaku-server';
import type { RawData, WebSocket } from 'ws';
import type { ConnectionContext } from './connection-context';
import type { PreparedFrames } from './prepared-frames';
import { RefusalLog } from './refusal-log';

const tracer = trace.getTracer('danmaku-push');

/** Frames a client may send while its token is being checked; more is a protocol violation. */
const EARLY_FRAMES_MAX = 16;
/** Chat messages of one socket waiting for their answer at once; beyond it, rate_limited. */
const CHATS_IN_FLIGHT_MAX = 16;
/** How long a closing socket gets to flush its close frame before it is cut. */
const CLOSE_GRACE_MS = 5000;

type State = 'awaiting_hello' | 'authenticating' | 'joined' | 'closing';
/** Why a frame was refused (the `reason` of ovation_push_refusals_total). */
type RefusalReason = 'rate_limited' | 'replay_budget';

/**
 * One viewer's socket: authenticates with the join token (URL or hello), joins the token's
 * room on the fan-out, and turns client frames into sends, likes, resumes and pongs
 * (docs/protocol.md), each kind within the socket's budget. Every write to the client passes
 * one gate (`writable`), which cuts a socket whose unsent backlog passed the hard bound.
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
  private readonly budget: SocketBudget;
  private refusalLog?: RefusalLog;

  constructor(
    private readonly socket: WebSocket,
    readonly encoding: Encoding,
    private readonly context: ConnectionContext,
    private readonly frames: PreparedFrames,
    private readonly onClosed: (connection: PushConnection) => void,
  ) {
    this.budget = new SocketBudget(context.limits, this.connectedAt);
    socket.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    // The server runs ws without autoPong: a WebSocket ping is a ping frame like any other, on the same budget.
    socket.on('ping', (data) => this.onPing(data));
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

  write(frame: Buffer): boolean {
    return this.writable() && this.frames.write(this.socket, frame, this.encoding === 'binary');
  }

  writeOwn(frame: Buffer): boolean {
    return this.writable() && this.frames.writeOwn(this.socket, frame, this.encoding === 'binary');
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

  /**
   * The one gate of every write to the client (live batches, replay, acks, pongs, errors; only
   * the closing words of `fail` and the close frame pass without it): past the hard bound on
   * the unsent backlog nothing more is buffered and the socket is cut (4008).
   */
  private writable(): boolean {
    if (this.state === 'closing') return false;
    if (this.socket.bufferedAmount <= this.context.hardLimitBytes) return true;
    this.context.metrics.slowConsumerDisconnects.inc();
    this.fail('slow_consumer', 'the client reads too slowly', CloseCodes.slowConsumer);
    return false;
  }

  private onPing(data: Buffer): void {
    this.lastHeardAt = Date.now();
    if (this.state === 'closing' || !this.admitted('ping', this.budget.frame('ping', this.lastHeardAt), 'rate_limited')) return;
    if (this.writable()) this.socket.pong(data);
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
    else if (this.state !== 'joined' || parsed.undecodable) this.fail('bad_frame', parsed.message, CloseCodes.badFrame);
    else if (parsed.chatClientMsgId !== undefined) this.badChat(parsed.chatClientMsgId);
    else this.badContent(parsed.message);
  }

  /**
   * A frame of the right form with a bad field or of an unknown type: `error bad_frame`, the socket
   * stays open; each counts as a refusal, so one that keeps sending them is closed (4029).
   */
  private badContent(message: string): void {
    const { metrics, logger } = this.context;
    metrics.refusals.inc({ type: 'frame', reason: 'bad_content' });
    if (this.budget.invalid(this.lastHeardAt).kind === 'abusive') {
      metrics.rateLimitedDisconnects.inc({ type: 'frame' });
      logger.warn({ connectionId: this.id, roomId: this.roomId, userId: this.userId }, 'socket closed: it kept sending frames with bad content');
      this.fail('rate_limited', 'frames with bad content kept coming', CloseCodes.rateLimited);
      return;
    }
    this.send({ type: 'error', code: 'bad_frame', message });
  }

  /** A chat frame of the wrong shape costs its budget like any other chat frame. */
  private badChat(clientMsgId: string): void {
    if (this.admitted('chat', this.budget.frame('chat', this.lastHeardAt), 'rate_limited', clientMsgId)) {
      this.send({ type: 'nack', clientMsgId, reason: 'invalid', retryAfterMs: 0 });
    }
  }

  /**
   * Serves a frame its budget allows. A refused one is answered (chat: nack `rate_limited`;
   * the others: error `rate_limited`, each with when it would be served), and a socket refused
   * once too often is closed (4029).
   */
  private admitted(type: BudgetedFrame, verdict: BudgetVerdict, reason: RefusalReason, clientMsgId?: string): boolean {
    if (verdict.kind === 'served') return true;
    const { metrics, logger } = this.context;
    metrics.refusals.inc({ type, reason });
    this.refusalLog ??= new RefusalLog(logger);
    this.refusalLog.refused({ connectionId: this.id, roomId: this.roomId, userId: this.userId, type, reason }, 'client frames refused: past their budget');
    if (verdict.kind === 'abusive') {
      metrics.rateLimitedDisconnects.inc({ type });
      logger.warn({ connectionId: this.id, roomId: this.roomId, userId: this.userId, type }, 'socket closed: it kept sending frames past their budget');
      this.fail('rate_limited', `${type} frames kept coming past their budget`, CloseCodes.rateLimited);
      return false;
    }
    const { retryAfterMs } = verdict;
    if (clientMsgId !== undefined) this.send({ type: 'nack', clientMsgId, reason: 'rate_limited', retryAfterMs });
    else this.send({ type: 'error', code: 'rate_limited', message: reason === 'replay_budget' ? "resume refused: this socket's replay budget is spent or a replay is under way" : `too many ${type} frames`, retryAfterMs });
    return false;
  }

  private parse(data: RawData): ParsedFrame {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    return this.encoding === 'binary' ? decodeBinaryClientFrame(bytes) : parseJsonClientFrame(bytes);
  }

  private handle(command: ClientCommand): void {
    const now = this.lastHeardAt;
    if (command.type === 'ping') {
      if (this.admitted('ping', this.budget.frame('ping', now), 'rate_limited')) this.send({ type: 'pong', clientTimeMs: command.clientTimeMs, serverTimeMs: Date.now() });
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
        if (this.admitted('chat', this.budget.frame('chat', now), 'rate_limited', command.clientMsgId)) this.chat(command.clientMsgId, command.text);
        return;
      case 'like':
        if (this.admitted('like', this.budget.frame('like', now), 'rate_limited') && this.userId) this.context.likes.add(this.roomId, this.userId, command.count);
        return;
      case 'resume':
        if (!this.admitted('resume', this.budget.frame('resume', now), 'rate_limited')) return;
        if (command.roomId && command.roomId !== this.roomId) {
          this.send({ type: 'error', code: 'bad_frame', message: `this socket is in room ${this.roomId}` });
          return;
        }
        if (this.admitted('resume', this.budget.replay(now), 'replay_budget')) this.replayed(this.context.fanout.resume(this.roomId, this, command.lastPosition));
        return;
    }
  }

  /** Charges what a catch-up (join tail or resume) wrote to the socket's replay budget once it is over. */
  private replayed(catchUp: Promise<CatchUp>): void {
    void catchUp.then(
      ({ events, bytes }) => this.budget.replayed(events, bytes, Date.now()),
      (error: unknown) => {
        this.budget.replayed(0, 0, Date.now());
        this.context.logger.warn({ err: error, connectionId: this.id, roomId: this.roomId }, 'catch-up failed');
      },
    );
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
    // The join's catch-up is the socket's first replay: its budget is full, so it is always served.
    this.budget.replay(Date.now());
    this.replayed(fanout.join(room, this, lastPosition));
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

  /**
   * An error frame, then the close. The error frame is the socket's last write and goes out past
   * the write gate (one small frame, whatever the backlog): the gate itself ends here.
   */
  private fail(code: ErrorCode, message: string, closeCode: CloseCode): void {
    if (this.state === 'closing') return;
    this.frames.writeOwn(this.socket, encodeServerMessage({ type: 'error', code, message }, this.encoding), this.encoding === 'binary');
    this.context.metrics.framesOut.inc({ kind: 'control' });
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
