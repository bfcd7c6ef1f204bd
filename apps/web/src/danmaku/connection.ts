// One viewer's danmaku session with a room: join (gateway) → WebSocket (push node) → events,
// and back again whenever the socket drops or the node drains, resuming from the last position
// seen so nothing is missed and nothing is shown twice. Chat sent while disconnected is kept
// and re-sent with the same clientMsgId, which the server never turns into a second message.
import { PositionTracker } from './positions';
import { FINAL_CLOSE_CODES, parseServerFrame, type ClientFrame, type NackReason, type RoomEvent, type ServerFrame } from './protocol';

export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: string): void;
  onClose(code: number, reason: string): void;
}

export interface SocketHandle {
  send(data: string): void;
  close(code: number, reason: string): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketHandle;

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'stopped' | 'banned' | 'ended';

export interface ConnectionListener {
  events(events: RoomEvent[], replay: boolean): void;
  status(status: ConnectionStatus, detail?: string): void;
  ack?(clientMsgId: string, position: string): void;
  nack?(clientMsgId: string, reason: NackReason, retryAfterMs: number): void;
  /** Non-fatal server errors, e.g. `resume_gap_too_old` (what was missed is lost). */
  notice?(code: string, message: string): void;
  droppedChat?(count: number): void;
}

export interface JoinTicket {
  pushUrl: string;
  joinToken: string;
}

/** Why a join failed, when retrying cannot help (e.g. the room ended). */
export class FinalJoinError extends Error {
  constructor(
    readonly status: 'ended' | 'stopped',
    message: string,
  ) {
    super(message);
  }
}

export interface ConnectionOptions {
  join(): Promise<JoinTicket>;
  openSocket: SocketFactory;
  listener: ConnectionListener;
  random?: () => number;
  /** Longest wait between reconnect attempts. */
  maxBackoffMs?: number;
}

const LIKE_FLUSH_MS = 300;
const MAX_LIKES_PER_FRAME = 100;

export class DanmakuConnection {
  private readonly positions = new PositionTracker();
  private readonly pending = new Map<string, string>();
  private socket?: SocketHandle;
  private open = false;
  private stopped = false;
  private failures = 0;
  private sent = 0;
  private likes = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private likeTimer?: ReturnType<typeof setTimeout>;
  private heartbeat?: ReturnType<typeof setInterval>;
  private readonly random: () => number;

  constructor(private readonly options: ConnectionOptions) {
    this.random = options.random ?? Math.random;
  }

  get lastPosition(): string {
    return this.positions.lastPosition;
  }

  start(): void {
    this.options.listener.status('connecting');
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.likeTimer);
    this.closeSocket(1000, 'leaving');
    this.options.listener.status('stopped');
  }

  /** Sends (or queues until connected) a chat message; returns its clientMsgId for the ack or nack. */
  sendChat(text: string): string {
    this.sent += 1;
    const clientMsgId = `m-${Date.now().toString(36)}-${this.sent}-${Math.floor(this.random() * 1e6).toString(36)}`;
    this.pending.set(clientMsgId, text);
    if (this.open) this.send({ type: 'chat', clientMsgId, text });
    return clientMsgId;
  }

  /** Counts taps; they go out summed, at most one frame per LIKE_FLUSH_MS. */
  like(taps = 1): void {
    this.likes += taps;
    this.likeTimer ??= setTimeout(() => this.flushLikes(), LIKE_FLUSH_MS);
  }

  private flushLikes(): void {
    this.likeTimer = undefined;
    if (!this.open || this.likes === 0) return;
    const count = Math.min(this.likes, MAX_LIKES_PER_FRAME);
    this.likes -= count;
    this.send({ type: 'like', count });
    if (this.likes > 0) this.like(0);
  }

  private async connect(): Promise<void> {
    let ticket: JoinTicket;
    try {
      ticket = await this.options.join();
    } catch (error) {
      if (this.stopped) return;
      if (error instanceof FinalJoinError) {
        this.stopped = true;
        this.options.listener.status(error.status, error.message);
        return;
      }
      this.retry((error as Error).message);
      return;
    }
    if (this.stopped) return;
    const url = new URL(ticket.pushUrl);
    url.searchParams.set('token', ticket.joinToken);
    if (this.lastPosition !== '0') url.searchParams.set('lastPosition', this.lastPosition);
    const socket = this.options.openSocket(url.toString(), {
      onOpen: () => undefined,
      onMessage: (data) => this.socket === socket && this.receive(parseServerFrame(data)),
      onClose: (code, reason) => this.socket === socket && this.closed(code, reason),
    });
    this.socket = socket;
  }

  private receive(frame: ServerFrame | undefined): void {
    if (!frame) return;
    const listener = this.options.listener;
    switch (frame.type) {
      case 'welcome':
        this.welcomed(frame.heartbeatIntervalMs);
        break;
      case 'events': {
        const fresh = this.positions.accept(frame.events ?? []);
        if (fresh.length > 0) listener.events(fresh, frame.replay === true);
        if (frame.droppedChat) listener.droppedChat?.(frame.droppedChat);
        break;
      }
      case 'ack':
        this.pending.delete(frame.clientMsgId);
        listener.ack?.(frame.clientMsgId, frame.position);
        break;
      case 'nack':
        this.pending.delete(frame.clientMsgId);
        listener.nack?.(frame.clientMsgId, frame.reason, frame.retryAfterMs ?? 0);
        break;
      case 'reconnect':
        // The node is draining: leave at the moment it asked for (spread over its viewers).
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.reconnectNow('node draining'), Math.max(0, frame.afterMs));
        break;
      case 'error':
        listener.notice?.(frame.code, frame.message);
        break;
      case 'pong':
        break;
    }
  }

  private welcomed(heartbeatIntervalMs: number): void {
    this.open = true;
    this.failures = 0;
    this.options.listener.status('open');
    clearInterval(this.heartbeat);
    // Twice per interval: one late ping must not get us cut off.
    this.heartbeat = setInterval(() => this.send({ type: 'ping', clientTimeMs: Date.now() }), Math.max(1000, heartbeatIntervalMs / 2));
    for (const [clientMsgId, text] of this.pending) this.send({ type: 'chat', clientMsgId, text });
    if (this.likes > 0) this.like(0);
  }

  private closed(code: number, reason: string): void {
    this.open = false;
    this.socket = undefined;
    clearInterval(this.heartbeat);
    if (this.stopped) return;
    if (FINAL_CLOSE_CODES.has(code)) {
      this.stopped = true;
      this.options.listener.status('banned', reason || 'You are banned from this room.');
      return;
    }
    this.retry(reason || `connection closed (${code})`);
  }

  private reconnectNow(why: string): void {
    this.closeSocket(1000, why);
    if (!this.stopped) this.retry(why, 0);
  }

  private retry(why: string, delayMs = this.backoff()): void {
    this.options.listener.status('reconnecting', why);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delayMs);
  }

  /** Exponential with jitter, so a node's viewers do not all come back in the same instant. */
  private backoff(): number {
    this.failures += 1;
    const ceiling = Math.min(this.options.maxBackoffMs ?? 5000, 250 * 2 ** Math.min(this.failures - 1, 10));
    return Math.round(ceiling * (0.5 + this.random() / 2));
  }

  private closeSocket(code: number, reason: string): void {
    const socket = this.socket;
    this.socket = undefined;
    this.open = false;
    clearInterval(this.heartbeat);
    socket?.close(code, reason);
  }

  private send(frame: ClientFrame): void {
    this.socket?.send(JSON.stringify(frame));
  }
}
