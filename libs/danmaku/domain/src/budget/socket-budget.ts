import type { ClientCommand } from '../protocol/client-command';
import { Rate, TokenBucket } from './token-bucket';

/** Every kind of client frame but hello, which the protocol takes once per socket (a second one closes with 4002). */
export type BudgetedFrame = Exclude<ClientCommand['type'], 'hello'>;

export const BUDGETED_FRAMES: readonly BudgetedFrame[] = ['chat', 'like', 'ping', 'resume'];

/** What one socket may ask of its node (docs/protocol.md, "Budgets"). */
export interface SocketLimits {
  /** Each kind of frame. */
  frames: Record<BudgetedFrame, Rate>;
  /**
   * Replay (the join tail and every resume) written to the socket, in events and in bytes. One
   * replay at a time; it starts only while both budgets hold something and is then charged in
   * full, so over any stretch a socket gets at most the burst, the refill, and one replay (at
   * most the room's kept history) beyond them.
   */
  replayEvents: Rate;
  replayBytes: Rate;
  /** Refused frames a socket may send; one more and it is closed (4029). */
  refusals: Rate;
}

/** `refused`: not served, tell the client when it would be; `abusive`: refused once too often, close the socket. */
export type BudgetVerdict = { kind: 'served' } | { kind: 'refused'; retryAfterMs: number } | { kind: 'abusive' };

const SERVED: BudgetVerdict = { kind: 'served' };
/** What a resume asked while a replay is being sent is told to wait (a replay takes a Redis read and a few writes). */
const REPLAY_UNDER_WAY_RETRY_MS = 1000;
const ABUSIVE: BudgetVerdict = { kind: 'abusive' };

/** One socket's budgets: a token bucket per kind of frame, two for replay, one for refusals. */
export class SocketBudget {
  private readonly frames: Record<BudgetedFrame, TokenBucket>;
  private readonly replayEvents: TokenBucket;
  private readonly replayBytes: TokenBucket;
  private readonly refusals: TokenBucket;
  private replaying = false;

  constructor(limits: SocketLimits, now: number) {
    const { chat, like, ping, resume } = limits.frames;
    this.frames = { chat: new TokenBucket(chat, now), like: new TokenBucket(like, now), ping: new TokenBucket(ping, now), resume: new TokenBucket(resume, now) };
    this.replayEvents = new TokenBucket(limits.replayEvents, now);
    this.replayBytes = new TokenBucket(limits.replayBytes, now);
    this.refusals = new TokenBucket(limits.refusals, now);
  }

  /** A frame of this kind arrived. */
  frame(type: BudgetedFrame, now: number): BudgetVerdict {
    const wait = this.frames[type].take(now);
    return wait === 0 ? SERVED : this.refuse(wait, now);
  }

  /** A frame was refused for its content: it costs a refusal (a socket that keeps sending them is abusive). */
  invalid(now: number): BudgetVerdict {
    return this.refuse(0, now);
  }

  /** A replay is asked for: it may start when none is under way and neither replay budget is spent. */
  replay(now: number): BudgetVerdict {
    const wait = this.replaying ? REPLAY_UNDER_WAY_RETRY_MS : Math.max(this.replayEvents.waitMs(now), this.replayBytes.waitMs(now));
    if (wait > 0) return this.refuse(wait, now);
    this.replaying = true;
    return SERVED;
  }

  /** The replay under way is over: what it sent is charged whatever is left (the budgets may go into debt). */
  replayed(events: number, bytes: number, now: number): void {
    this.replaying = false;
    this.replayEvents.spend(now, events);
    this.replayBytes.spend(now, bytes);
  }

  private refuse(retryAfterMs: number, now: number): BudgetVerdict {
    return this.refusals.take(now) === 0 ? { kind: 'refused', retryAfterMs } : ABUSIVE;
  }
}
