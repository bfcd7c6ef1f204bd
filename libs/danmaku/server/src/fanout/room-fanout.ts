import {
  ChatBudget,
  chatCountOf,
  ComposedBatch,
  composeLiveBatch,
  encodeServerMessage,
  joinTail,
  PaceLimits,
  resumePlan,
  roomPace,
  StreamEvent,
} from '@ovation/danmaku-domain';
import type { RoomPresence } from '@ovation/presence';
import { withRetry } from '@ovation/retry';
import type { Logger } from 'pino';
import type { RecordedEvent, RoomHistory } from '../history/room-history';
import type { PushMetrics } from '../metrics/push-metrics';
import { LiveLog } from './live-log';
import type { Subscriber } from './subscriber';
import { SweepFrames } from './sweep-frames';

const ALREADY_ACCEPTED = Promise.resolve();

/** A promise settled from outside; a rejection nobody waits for is not an unhandled one. */
class Settlement {
  readonly promise: Promise<void>;
  resolve!: () => void;
  reject!: (error: unknown) => void;

  constructor() {
    this.promise = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.promise.catch(() => undefined);
  }
}

/** How big rooms are paced (windows, chat sampling), and: */
export interface FanoutOptions extends PaceLimits {
  /** A window is cut short when this many events arrived, and no live frame carries more. */
  maxBatchEvents: number;
  /** Above this many unsent bytes a socket gets no chat (past the hard bound the socket cuts itself loose on its next write). */
  softLimitBytes: number;
  /** A joining viewer first gets the room's events of this long ago… */
  joinTailMs: number;
  /** …at most this many. */
  joinTailMaxEvents: number;
}

/** How a socket's history was served: the join tail, exactly what it missed, or the tail after a gap too old to fill. */
export type CatchUpResult = 'tail' | 'resumed' | 'gap_too_old';

/** A catch-up served, and what it wrote to the socket (what the socket's replay budget is charged). */
export interface CatchUp {
  result: CatchUpResult;
  events: number;
  bytes: number;
}

interface Subscription {
  /** The highest position this socket has been sent (live chunks up to it are not sent again). */
  deliveredUpTo: number;
  /** Live batches held back while history is being sent… */
  held?: ComposedBatch[];
  /** …up to this position. */
  heldUpTo: number;
  catchUps: number;
  /** Catch-ups of one socket run one after another, so history frames never interleave. */
  queue: Promise<unknown>;
}

/** One visit of a room's sockets (a slice of them per turn of the event loop). */
interface Sweep {
  /** The sockets of the room when the sweep began; later joiners get what they lack from history. */
  targets: Subscriber[];
  next: number;
  /** The newest chunk when the sweep began: every socket has it once the sweep has ended. */
  startedWith: number;
  startedAt: number;
  frames: SweepFrames;
}

interface RoomChannel {
  roomId: string;
  subscribers: Map<Subscriber, Subscription>;
  /** Events read but not yet composed… */
  pending: RecordedEvent[];
  /** …and what settles once they are in the shared history. */
  pendingInHistory?: Settlement;
  head: number;
  budget: ChatBudget;
  /** Sampled chat not yet reported to clients (a window may have had nothing else to send). */
  unreportedDrops: number;
  log: LiveLog;
  /** At most one per room: the next begins at the room's pace after this one began, or when it ends if it ran longer. */
  sweep?: Sweep;
  sweptAt: number;
  /** A window reached the maximum batch size: the next sweep begins as soon as the current one ends. */
  urgent: boolean;
  touchedAt: number;
}

const REPLAY_FRAME_MAX_EVENTS = 500;
/**
 * Sockets written per turn of the event loop (a few ms of writev): a big room's sweep must not
 * hold up acks, Kafka and other rooms for the whole time it takes to reach every socket.
 */
const SOCKETS_PER_SLICE = 500;
/** A failed history append is tried again for a few seconds (a Redis failover) before its events are given up on. */
const HISTORY_APPEND_RETRY = { attempts: 6, baseDelayMs: 200, maxDelayMs: 3_200 };
const IDLE_ROOM_MS = 60_000;
const IDLE_SWEEP_EVERY_MS = 5_000;

/**
 * The fan-out of one push node. Every room event the node consumes waits in its room until the
 * next tick (`windowMs`) or the next slice of a sweep under way; it is then appended to the shared
 * history and, for rooms with local sockets, composed once (priorities, sampling, likes summed)
 * into the room's live log. Sweeps visit the room's sockets in turn, at most one per window
 * (longer for a room with many sockets here: see roomPace), and give each socket everything
 * composed since its last visit, serialized once per run of chunks and encoding and written as
 * the same bytes to every socket lacking that run. An event composed during a sweep so reaches
 * the sockets not yet visited in that sweep, not one window later. Joins and resumes get history
 * first, with live chunks held back meanwhile, so a socket sees every position once, in order.
 */
export class RoomFanout {
  private readonly rooms = new Map<string, RoomChannel>();
  /** Rooms with events not yet composed. */
  private readonly dirty = new Set<RoomChannel>();
  /** Rooms whose live log holds chunks some socket lacks, and no sweep under way. */
  private readonly unswept = new Set<RoomChannel>();
  private timer?: NodeJS.Timeout;
  private sweptIdleAt = 0;
  private stopped = false;

  constructor(
    private readonly history: RoomHistory,
    private readonly options: FanoutOptions,
    private readonly metrics: PushMetrics,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.options.windowMs);
  }

  /** Stops the window timer, composes what is pending and sweeps every room that has something to send. */
  stop(): void {
    clearInterval(this.timer);
    this.stopped = true;
    this.composeIdle();
    for (const channel of [...this.unswept]) this.startSweep(channel);
  }

  /**
   * An event read from the room event stream (a redelivered one, at or below the room's head, is
   * ignored). Resolves once it is in the shared history, where any node's resumes find it: only
   * then may the stream's offset move past it.
   */
  accept(roomId: string, recorded: RecordedEvent): Promise<void> {
    const channel = this.channel(roomId);
    if (recorded.position <= channel.head) return ALREADY_ACCEPTED;
    channel.head = recorded.position;
    this.metrics.readLag.observe(Math.max(0, this.now() - Number(recorded.event.atMs)) / 1000);
    channel.pending.push(recorded);
    channel.pendingInHistory ??= new Settlement();
    const inHistory = channel.pendingInHistory.promise;
    this.dirty.add(channel);
    // After stop() no window timer runs: what still arrives (the stream is read until shutdown) goes at once.
    if (channel.pending.length < this.options.maxBatchEvents && !this.stopped) return inHistory;
    this.compose([channel]);
    channel.urgent = true;
    if (!channel.sweep && this.unswept.has(channel)) this.startSweep(channel);
    return inHistory;
  }

  /** The room's latest position this node has read (0: none). */
  head(roomId: string): number {
    return this.rooms.get(roomId)?.head ?? 0;
  }

  /** Adds a socket to a room; it first gets the join tail (lastPosition 0) or everything after lastPosition. */
  join(roomId: string, subscriber: Subscriber, lastPosition: number): Promise<CatchUp> {
    const channel = this.channel(roomId);
    const subscription: Subscription = { deliveredUpTo: 0, heldUpTo: 0, catchUps: 0, queue: Promise.resolve() };
    channel.subscribers.set(subscriber, subscription);
    return this.catchUp(channel, subscriber, subscription, lastPosition);
  }

  /** Sends a joined socket everything after lastPosition again, then carries on live. */
  resume(roomId: string, subscriber: Subscriber, lastPosition: number): Promise<CatchUp> {
    const channel = this.rooms.get(roomId);
    const subscription = channel?.subscribers.get(subscriber);
    if (!channel || !subscription) throw new Error(`socket has not joined room ${roomId}`);
    return this.catchUp(channel, subscriber, subscription, lastPosition);
  }

  leave(roomId: string, subscriber: Subscriber): void {
    this.rooms.get(roomId)?.subscribers.delete(subscriber);
  }

  /** Closes every socket this user has in the room (room banned them while they watched). */
  closeBanned(roomId: string, userId: string): void {
    const channel = this.rooms.get(roomId);
    if (!channel || !userId) return;
    for (const subscriber of channel.subscribers.keys()) {
      if (subscriber.userId !== userId) continue;
      this.metrics.bannedDisconnects.inc();
      subscriber.closeBanned();
    }
  }

  /** Sockets and distinct signed-in users per room on this node (for online counts). */
  presence(): Map<string, RoomPresence> {
    const presence = new Map<string, RoomPresence>();
    for (const channel of this.rooms.values()) {
      if (channel.subscribers.size === 0) continue;
      const users = new Set<string>();
      for (const subscriber of channel.subscribers.keys()) if (subscriber.userId) users.add(subscriber.userId);
      presence.set(channel.roomId, { connections: channel.subscribers.size, uniqueUsers: users.size });
    }
    return presence;
  }

  private tick(): void {
    this.composeIdle();
    const now = this.now();
    // Ticks come every shortest window; a room paced to a longer one is swept again at the tick
    // nearest its pace (a clock set back sweeps it at once rather than holding the room until the
    // clock catches up).
    const slack = this.options.windowMs / 2;
    for (const channel of [...this.unswept]) {
      const open = now - channel.sweptAt;
      if (open < 0 || open >= roomPace(channel.subscribers.size, this.options).windowMs - slack) this.startSweep(channel);
    }
    this.forgetIdleRooms();
  }

  /** Composes the pending events of rooms not being swept (a sweep composes its room's at each slice). */
  private composeIdle(): void {
    const idle = [...this.dirty].filter((channel) => !channel.sweep);
    if (idle.length) this.compose(idle);
  }

  private compose(channels: RoomChannel[]): void {
    const windows = new Map<string, RecordedEvent[]>();
    const settlements: Settlement[] = [];
    for (const channel of channels) {
      windows.set(channel.roomId, channel.pending);
      channel.pending = [];
      if (channel.pendingInHistory) settlements.push(channel.pendingInHistory);
      channel.pendingInHistory = undefined;
      this.dirty.delete(channel);
    }
    // Issued before any socket is written to: a resume read issued later sees these events.
    this.appendToHistory(windows).then(
      () => settlements.forEach((settlement) => settlement.resolve()),
      (error: unknown) => settlements.forEach((settlement) => settlement.reject(error)),
    );
    for (const channel of channels) {
      if (channel.subscribers.size > 0) this.appendLive(channel, windows.get(channel.roomId)!);
    }
  }

  private async appendToHistory(windows: ReadonlyMap<string, RecordedEvent[]>): Promise<void> {
    const countFailure = () => this.metrics.historyFailures.inc({ operation: 'append' });
    try {
      await withRetry(() => this.history.append(windows), HISTORY_APPEND_RETRY, {
        isRetryable: () => true,
        onRetry: (attempt, error, delayMs) => {
          countFailure();
          this.logger.warn({ err: error, attempt, delayMs }, 'room history append failed; trying again');
        },
      });
    } catch (error) {
      countFailure();
      this.logger.error({ err: error, rooms: windows.size }, 'room history append failed for good: these events are read from the stream again after a restart');
      throw error;
    }
  }

  private appendLive(channel: RoomChannel, window: RecordedEvent[]): void {
    const pace = roomPace(channel.subscribers.size, this.options);
    const composed = composeLiveBatch(window, channel.budget.take(chatCountOf(window), this.now(), pace.chatPerSecond));
    if (composed.droppedChat) this.metrics.dropped.inc({ reason: 'sampled' }, composed.droppedChat);
    const droppedChat = composed.droppedChat + channel.unreportedDrops;
    if (composed.events.length === 0) {
      channel.unreportedDrops = droppedChat;
      return;
    }
    channel.unreportedDrops = 0;
    this.metrics.batchSize.observe(composed.events.length);
    channel.log.append({ events: composed.events, droppedChat }, window[window.length - 1].position);
    if (!channel.sweep) this.unswept.add(channel);
  }

  private startSweep(channel: RoomChannel): void {
    this.unswept.delete(channel);
    const now = this.now();
    channel.sweptAt = now;
    channel.urgent = false;
    this.metrics.batchWindow.observe(roomPace(channel.subscribers.size, this.options).windowMs / 1000);
    const sweep: Sweep = {
      targets: [...channel.subscribers.keys()],
      next: 0,
      startedWith: channel.log.latestSeq,
      startedAt: now,
      frames: new SweepFrames(this.options.maxBatchEvents),
    };
    channel.sweep = sweep;
    this.writeSlice(channel, sweep);
  }

  /** Writes a slice of the sweep's sockets, then yields to I/O until the next slice. */
  private writeSlice(channel: RoomChannel, sweep: Sweep): void {
    if (channel.pending.length) this.compose([channel]);
    const written = { frames: 0, events: 0 };
    const end = Math.min(sweep.targets.length, sweep.next + SOCKETS_PER_SLICE);
    while (sweep.next < end) {
      const subscriber = sweep.targets[sweep.next++];
      try {
        this.visit(channel, sweep, subscriber, written);
      } catch (error) {
        // One broken socket must not cost the others their events, nor wedge the room.
        this.logger.warn({ err: error, roomId: channel.roomId }, 'live events not written to a socket');
      }
    }
    if (written.frames) {
      this.metrics.framesOut.inc({ kind: 'live' }, written.frames);
      this.metrics.eventsOut.inc(written.events);
    }
    if (sweep.next < sweep.targets.length) {
      setImmediate(() => this.writeSlice(channel, sweep));
      return;
    }
    this.endSweep(channel, sweep);
  }

  private endSweep(channel: RoomChannel, sweep: Sweep): void {
    channel.sweep = undefined;
    const now = this.now();
    this.metrics.sweepDuration.observe(Math.max(0, now - sweep.startedAt) / 1000);
    for (const chunk of channel.log.dropThrough(sweep.startedWith)) {
      for (const { event } of chunk.batch.events) this.metrics.deliveryLatency.observe(Math.max(0, now - Number(event.atMs)) / 1000);
    }
    if (channel.log.isEmpty) return;
    if (channel.urgent || this.stopped) this.startSweep(channel);
    else this.unswept.add(channel);
  }

  private visit(channel: RoomChannel, sweep: Sweep, subscriber: Subscriber, written: { frames: number; events: number }): void {
    const subscription = channel.subscribers.get(subscriber);
    // Left since the sweep began. (One that came back has a new subscription: its catch-up and
    // deliveredUpTo keep it from missing a chunk or getting one twice.)
    if (!subscription) return;
    if (subscription.held) {
      for (const chunk of channel.log.after(Math.max(subscription.deliveredUpTo, subscription.heldUpTo))) {
        subscription.held.push(chunk.batch);
        subscription.heldUpTo = chunk.lastPosition;
      }
      return;
    }
    const chunks = channel.log.after(subscription.deliveredUpTo);
    if (chunks.length === 0) return;
    const buffered = subscriber.bufferedBytes();
    const lastPosition = chunks[chunks.length - 1].lastPosition;
    if (subscription.deliveredUpTo >= chunks[0].batch.events[0].position) {
      // Only right after a resume from a position ahead of this node: send the rest alone.
      const droppedChat = chunks.reduce((sum, chunk) => sum + chunk.batch.droppedChat, 0);
      this.writeEvents(subscriber, subscription, chunks.flatMap((chunk) => chunk.batch.events), false, droppedChat);
      subscription.deliveredUpTo = Math.max(subscription.deliveredUpTo, lastPosition);
      return;
    }
    const variant = buffered > this.options.softLimitBytes ? 'without_chat' : 'full';
    for (const frames of sweep.frames.of(chunks)) {
      if (variant === 'without_chat') this.metrics.dropped.inc({ reason: 'slow_consumer' }, frames.chatCount);
      const frame = frames.get(subscriber.encoding, variant);
      if (!frame || !subscriber.write(frame)) continue;
      written.frames++;
      written.events += frames.eventCount(variant);
    }
    subscription.deliveredUpTo = lastPosition;
  }

  private catchUp(channel: RoomChannel, subscriber: Subscriber, subscription: Subscription, lastPosition: number): Promise<CatchUp> {
    if (!subscription.held) {
      subscription.held = [];
      subscription.heldUpTo = 0;
    }
    subscription.catchUps++;
    const run = subscription.queue.then(() => this.replay(channel, subscriber, subscription, lastPosition));
    subscription.queue = run.catch(() => undefined);
    return run;
  }

  private async replay(channel: RoomChannel, subscriber: Subscriber, subscription: Subscription, lastPosition: number): Promise<CatchUp> {
    try {
      const { result, events } = await this.readHistory(channel.roomId, lastPosition);
      const served: CatchUp = { result, events: 0, bytes: 0 };
      if (channel.subscribers.get(subscriber) !== subscription) return served;
      if (result === 'gap_too_old') {
        const gap = encodeServerMessage({ type: 'error', code: 'resume_gap_too_old', message: `history does not reach back to position ${lastPosition}` }, subscriber.encoding);
        if (subscriber.writeOwn(gap)) {
          served.bytes += gap.length;
          this.metrics.framesOut.inc({ kind: 'control' });
        }
      }
      for (let start = 0; start < events.length; start += REPLAY_FRAME_MAX_EVENTS) {
        const frame = events.slice(start, start + REPLAY_FRAME_MAX_EVENTS);
        const bytes = this.writeEvents(subscriber, subscription, frame, true, 0);
        // Nothing written: the socket cut itself loose (or is closing), and the rest would go nowhere either.
        if (bytes === 0) break;
        served.bytes += bytes;
        served.events += frame.length;
      }
      this.metrics.replayBytes.inc(served.bytes);
      if (result === 'resumed') subscription.deliveredUpTo = Math.max(subscription.deliveredUpTo, lastPosition);
      return served;
    } finally {
      if (--subscription.catchUps === 0) this.release(channel, subscriber, subscription);
    }
  }

  private async readHistory(roomId: string, lastPosition: number): Promise<{ result: CatchUpResult; events: StreamEvent[] }> {
    try {
      if (lastPosition > 0) {
        const plan = resumePlan(lastPosition, await this.history.after(roomId, lastPosition));
        if (plan.kind === 'events') return { result: 'resumed', events: plan.events };
      }
      const recent = await this.history.latest(roomId, this.options.joinTailMaxEvents);
      return { result: lastPosition > 0 ? 'gap_too_old' : 'tail', events: joinTail(recent, this.now(), this.options.joinTailMs) };
    } catch (error) {
      // Without history nothing can be promised: a resuming client must reset.
      this.metrics.historyFailures.inc({ operation: 'read' });
      this.logger.warn({ err: error, roomId }, 'room history read failed');
      return { result: lastPosition > 0 ? 'gap_too_old' : 'tail', events: [] };
    }
  }

  /** Live batches held during a catch-up, minus what the history already gave. */
  private release(channel: RoomChannel, subscriber: Subscriber, subscription: Subscription): void {
    const held = subscription.held ?? [];
    subscription.held = undefined;
    if (channel.subscribers.get(subscriber) !== subscription) return;
    for (const batch of held) {
      const events = batch.events.filter(({ position }) => position > subscription.deliveredUpTo);
      if (events.length) this.writeEvents(subscriber, subscription, events, false, batch.droppedChat);
    }
    subscription.deliveredUpTo = Math.max(subscription.deliveredUpTo, subscription.heldUpTo);
  }

  /** Events for one socket alone (history, or a batch it partly has): serialized just for it. Answers the bytes written (0: none). */
  private writeEvents(subscriber: Subscriber, subscription: Subscription, events: StreamEvent[], replay: boolean, droppedChat: number): number {
    const fresh = replay ? events : events.filter(({ position }) => position > subscription.deliveredUpTo);
    if (fresh.length === 0) return 0;
    const frame = encodeServerMessage({ type: 'events', replay, droppedChat, events: fresh }, subscriber.encoding);
    if (!subscriber.writeOwn(frame)) return 0;
    subscription.deliveredUpTo = Math.max(subscription.deliveredUpTo, fresh[fresh.length - 1].position);
    this.metrics.framesOut.inc({ kind: replay ? 'replay' : 'live' });
    this.metrics.eventsOut.inc(fresh.length);
    return frame.length;
  }

  private channel(roomId: string): RoomChannel {
    let channel = this.rooms.get(roomId);
    if (!channel) {
      channel = {
        roomId,
        subscribers: new Map(),
        pending: [],
        head: 0,
        budget: new ChatBudget(this.now()),
        unreportedDrops: 0,
        log: new LiveLog(),
        sweptAt: 0,
        urgent: false,
        touchedAt: this.now(),
      };
      this.rooms.set(roomId, channel);
    }
    channel.touchedAt = this.now();
    return channel;
  }

  // A room nobody here watches and nothing happened in for a while costs nothing to forget.
  private forgetIdleRooms(): void {
    const now = this.now();
    if (now - this.sweptIdleAt < IDLE_SWEEP_EVERY_MS) return;
    this.sweptIdleAt = now;
    const before = now - IDLE_ROOM_MS;
    for (const [roomId, channel] of this.rooms) {
      if (channel.subscribers.size === 0 && channel.pending.length === 0 && !channel.sweep && channel.log.isEmpty && channel.touchedAt < before) {
        this.rooms.delete(roomId);
        this.unswept.delete(channel);
      }
    }
  }
}
