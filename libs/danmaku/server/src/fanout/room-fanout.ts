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
import type { Logger } from 'pino';
import type { RecordedEvent, RoomHistory } from '../history/room-history';
import type { PushMetrics } from '../metrics/push-metrics';
import { BatchFrames } from './batch-frames';
import type { Subscriber } from './subscriber';

/** How big rooms are paced (windows, chat sampling), and: */
export interface FanoutOptions extends PaceLimits {
  /** A window is cut short when this many events arrived. */
  maxBatchEvents: number;
  /** Above this many unsent bytes a socket gets no chat… */
  softLimitBytes: number;
  /** …and above this many it is disconnected. */
  hardLimitBytes: number;
  /** A joining viewer first gets the room's events of this long ago… */
  joinTailMs: number;
  /** …at most this many. */
  joinTailMaxEvents: number;
}

/** How a socket's history was served: the join tail, exactly what it missed, or the tail after a gap too old to fill. */
export type CatchUpResult = 'tail' | 'resumed' | 'gap_too_old';

interface Subscription {
  /** The highest position this socket has been sent (live batches below it are not sent again). */
  deliveredUpTo: number;
  /** Live batches held back while history is being sent. */
  held?: ComposedBatch[];
  catchUps: number;
  /** Catch-ups of one socket run one after another, so history frames never interleave. */
  queue: Promise<unknown>;
}

/** One live batch on its way to the room's sockets (a slice of them at a time). */
interface LiveDelivery {
  batch: ComposedBatch;
  frames: BatchFrames;
  lastPosition: number;
  /** The sockets of the room when the batch was composed; later joiners get it from history. */
  targets: Subscriber[];
  next: number;
  written: number;
}

interface RoomChannel {
  roomId: string;
  subscribers: Map<Subscriber, Subscription>;
  /**
   * The batch being written. The room's next window stays open until it is done (past
   * `maxBatchEvents` if need be), so an overloaded node sends fewer, fuller batches instead of
   * queueing them.
   */
  delivery?: LiveDelivery;
  pending: RecordedEvent[];
  head: number;
  budget: ChatBudget;
  /** Sampled chat not yet reported to clients (a window may have had nothing else to send). */
  unreportedDrops: number;
  touchedAt: number;
  flushedAt: number;
}

const REPLAY_FRAME_MAX_EVENTS = 500;
/**
 * Sockets written per turn of the event loop (a few ms of writev): a big room's batch must not
 * hold up acks, Kafka and other rooms for the whole time it takes to reach every socket.
 */
const SOCKETS_PER_SLICE = 500;
const IDLE_ROOM_MS = 60_000;
const IDLE_SWEEP_EVERY_MS = 5_000;

/**
 * The fan-out of one push node. Every room event the node consumes lands in its room's window;
 * when the window closes (`windowMs`, longer for a room with many sockets here: see roomPace) it
 * is appended to the shared history and, for rooms with local sockets, composed once
 * (priorities, sampling, likes summed), serialized once per encoding and written as the same
 * bytes to every socket. Joins and resumes get history first, with live
 * batches held back meanwhile, so a socket sees every position once, in order.
 */
export class RoomFanout {
  private readonly rooms = new Map<string, RoomChannel>();
  private readonly dirty = new Set<RoomChannel>();
  private timer?: NodeJS.Timeout;
  private sweptAt = 0;
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

  /** Stops the window timer and flushes what is pending (a room still being written to, once that is done). */
  stop(): void {
    clearInterval(this.timer);
    this.stopped = true;
    const notWriting = [...this.dirty].filter((channel) => !channel.delivery);
    if (notWriting.length) this.flush(notWriting);
  }

  /** An event read from the room event stream (a redelivered one, at or below the room's head, is ignored). */
  accept(roomId: string, recorded: RecordedEvent): void {
    const channel = this.channel(roomId);
    if (recorded.position <= channel.head) return;
    channel.head = recorded.position;
    channel.pending.push(recorded);
    this.dirty.add(channel);
    if (channel.pending.length >= this.options.maxBatchEvents && !channel.delivery) this.flush([channel]);
  }

  /** The room's latest position this node has read (0: none). */
  head(roomId: string): number {
    return this.rooms.get(roomId)?.head ?? 0;
  }

  /** Adds a socket to a room; it first gets the join tail (lastPosition 0) or everything after lastPosition. */
  join(roomId: string, subscriber: Subscriber, lastPosition: number): Promise<CatchUpResult> {
    const channel = this.channel(roomId);
    const subscription: Subscription = { deliveredUpTo: 0, catchUps: 0, queue: Promise.resolve() };
    channel.subscribers.set(subscriber, subscription);
    return this.catchUp(channel, subscriber, subscription, lastPosition);
  }

  /** Sends a joined socket everything after lastPosition again, then carries on live. */
  resume(roomId: string, subscriber: Subscriber, lastPosition: number): Promise<CatchUpResult> {
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
    const now = this.now();
    // Ticks come every shortest window; a longer window closes at the tick nearest its end (a
    // clock set back closes it at once rather than holding the room until the clock catches up).
    const slack = this.options.windowMs / 2;
    const due = [...this.dirty].filter((channel) => {
      if (channel.delivery) return false;
      const open = now - channel.flushedAt;
      return open < 0 || open >= roomPace(channel.subscribers.size, this.options).windowMs - slack;
    });
    if (due.length) this.flush(due);
    this.forgetIdleRooms();
  }

  private flush(channels: RoomChannel[]): void {
    const windows = new Map<string, RecordedEvent[]>();
    const now = this.now();
    for (const channel of channels) {
      windows.set(channel.roomId, channel.pending);
      channel.pending = [];
      channel.flushedAt = now;
      this.dirty.delete(channel);
    }
    // Issued before any socket is written to: a resume read issued later sees these events.
    this.history.append(windows).catch((error: unknown) => {
      this.metrics.historyFailures.inc({ operation: 'append' });
      this.logger.warn({ err: error }, 'room history append failed');
    });
    for (const channel of channels) {
      const window = windows.get(channel.roomId)!;
      if (channel.subscribers.size > 0) this.deliver(channel, window);
    }
  }

  private deliver(channel: RoomChannel, window: RecordedEvent[]): void {
    const now = this.now();
    const pace = roomPace(channel.subscribers.size, this.options);
    this.metrics.batchWindow.observe(pace.windowMs / 1000);
    const composed = composeLiveBatch(window, channel.budget.take(chatCountOf(window), now, pace.chatPerSecond));
    if (composed.droppedChat) this.metrics.dropped.inc({ reason: 'sampled' }, composed.droppedChat);
    const batch = { ...composed, droppedChat: composed.droppedChat + channel.unreportedDrops };
    if (batch.events.length === 0) {
      channel.unreportedDrops = batch.droppedChat;
      return;
    }
    channel.unreportedDrops = 0;
    this.metrics.batchSize.observe(batch.events.length);
    channel.delivery = {
      batch,
      frames: new BatchFrames(batch),
      lastPosition: window[window.length - 1].position,
      targets: [...channel.subscribers.keys()],
      next: 0,
      written: 0,
    };
    this.writeSlice(channel, channel.delivery);
  }

  /** Writes a slice of the batch's sockets, then yields to I/O until the next slice. */
  private writeSlice(channel: RoomChannel, delivery: LiveDelivery): void {
    const end = Math.min(delivery.targets.length, delivery.next + SOCKETS_PER_SLICE);
    while (delivery.next < end) {
      const subscriber = delivery.targets[delivery.next++];
      try {
        this.writeLive(channel, delivery, subscriber);
      } catch (error) {
        // One broken socket must not cost the others their batch, nor wedge the room.
        this.logger.warn({ err: error, roomId: channel.roomId }, 'live batch not written to a socket');
      }
    }
    if (delivery.next < delivery.targets.length) {
      setImmediate(() => this.writeSlice(channel, delivery));
      return;
    }
    channel.delivery = undefined;
    this.delivered(delivery);
    if (channel.pending.length >= this.options.maxBatchEvents || (this.stopped && channel.pending.length > 0)) this.flush([channel]);
  }

  private writeLive(channel: RoomChannel, delivery: LiveDelivery, subscriber: Subscriber): void {
    const subscription = channel.subscribers.get(subscriber);
    // Left since the batch was composed. (One that came back has a new subscription: its
    // catch-up and deliveredUpTo keep it from missing this batch or getting it twice.)
    if (!subscription) return;
    const { batch, frames, lastPosition } = delivery;
    if (subscription.held) {
      subscription.held.push(batch);
      return;
    }
    const buffered = subscriber.bufferedBytes();
    if (buffered > this.options.hardLimitBytes) {
      this.metrics.slowConsumerDisconnects.inc();
      subscriber.closeSlow();
      return;
    }
    if (subscription.deliveredUpTo >= batch.events[0].position) {
      // Only right after a resume from a position ahead of this node: send the rest alone.
      this.writeEvents(subscriber, subscription, batch.events, false, batch.droppedChat);
      return;
    }
    const slow = buffered > this.options.softLimitBytes;
    const frame = frames.get(subscriber.encoding, slow ? 'without_chat' : 'full');
    if (slow) this.metrics.dropped.inc({ reason: 'slow_consumer' }, frames.chatCount);
    subscription.deliveredUpTo = lastPosition;
    if (!frame) return;
    subscriber.write(frame);
    delivery.written++;
  }

  private delivered({ batch, written }: LiveDelivery): void {
    if (written === 0) return;
    const now = this.now();
    this.metrics.framesOut.inc({ kind: 'live' }, written);
    this.metrics.eventsOut.inc(written * batch.events.length);
    for (const { event } of batch.events) this.metrics.deliveryLatency.observe(Math.max(0, now - Number(event.atMs)) / 1000);
  }

  private catchUp(channel: RoomChannel, subscriber: Subscriber, subscription: Subscription, lastPosition: number): Promise<CatchUpResult> {
    subscription.held ??= [];
    subscription.catchUps++;
    const run = subscription.queue.then(() => this.replay(channel, subscriber, subscription, lastPosition));
    subscription.queue = run.catch(() => undefined);
    return run;
  }

  private async replay(channel: RoomChannel, subscriber: Subscriber, subscription: Subscription, lastPosition: number): Promise<CatchUpResult> {
    try {
      const { result, events } = await this.readHistory(channel.roomId, lastPosition);
      if (channel.subscribers.get(subscriber) !== subscription) return result;
      if (result === 'gap_too_old') {
        subscriber.write(encodeServerMessage({ type: 'error', code: 'resume_gap_too_old', message: `history does not reach back to position ${lastPosition}` }, subscriber.encoding));
        this.metrics.framesOut.inc({ kind: 'control' });
      }
      for (let start = 0; start < events.length; start += REPLAY_FRAME_MAX_EVENTS) {
        this.writeEvents(subscriber, subscription, events.slice(start, start + REPLAY_FRAME_MAX_EVENTS), true, 0);
      }
      if (result === 'resumed') subscription.deliveredUpTo = Math.max(subscription.deliveredUpTo, lastPosition);
      return result;
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
  }

  /** Events for one socket alone (history, or a batch it partly has): serialized just for it. */
  private writeEvents(subscriber: Subscriber, subscription: Subscription, events: StreamEvent[], replay: boolean, droppedChat: number): void {
    const fresh = replay ? events : events.filter(({ position }) => position > subscription.deliveredUpTo);
    if (fresh.length === 0) return;
    subscriber.write(encodeServerMessage({ type: 'events', replay, droppedChat, events: fresh }, subscriber.encoding));
    subscription.deliveredUpTo = Math.max(subscription.deliveredUpTo, fresh[fresh.length - 1].position);
    this.metrics.framesOut.inc({ kind: replay ? 'replay' : 'live' });
    this.metrics.eventsOut.inc(fresh.length);
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
        touchedAt: this.now(),
        flushedAt: 0,
      };
      this.rooms.set(roomId, channel);
    }
    channel.touchedAt = this.now();
    return channel;
  }

  // A room nobody here watches and nothing happened in for a while costs nothing to forget.
  private forgetIdleRooms(): void {
    const now = this.now();
    if (now - this.sweptAt < IDLE_SWEEP_EVERY_MS) return;
    this.sweptAt = now;
    const before = now - IDLE_ROOM_MS;
    for (const [roomId, channel] of this.rooms) {
      if (channel.subscribers.size === 0 && channel.pending.length === 0 && channel.touchedAt < before) this.rooms.delete(roomId);
    }
  }
}
