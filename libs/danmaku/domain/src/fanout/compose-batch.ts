import { roomV1 } from '@ovation/contracts';
import { isDroppable, StreamEvent } from '../stream/stream-event';

export interface ComposedBatch {
  events: StreamEvent[];
  /** Plain chat left out of this batch by sampling. */
  droppedChat: number;
}

/**
 * Turns one window of a room's events into what viewers get: every gift, state, online and
 * system event; at most `chatAllowance` chat messages, spread evenly over the window; and all
 * likes summed into one like event at the position of the last like.
 */
export function composeLiveBatch(window: readonly StreamEvent[], chatAllowance: number): ComposedBatch {
  const chatCount = window.filter(({ event }) => isDroppable(event)).length;
  const likes = window.filter(({ event }) => event.like);
  const lastLike = likes.at(-1);
  const events: StreamEvent[] = [];
  let chatIndex = 0;
  for (const item of window) {
    if (isDroppable(item.event)) {
      if (keepsChat(chatIndex++, chatCount, chatAllowance)) events.push(item);
    } else if (item.event.like) {
      if (item === lastLike) events.push(likes.length === 1 ? item : mergeLikes(likes));
    } else {
      events.push(item);
    }
  }
  return { events, droppedChat: chatCount - Math.min(chatCount, chatAllowance) };
}

/** The chat messages of a window (what a budget is asked for). */
export function chatCountOf(window: readonly StreamEvent[]): number {
  return window.reduce((count, { event }) => count + (isDroppable(event) ? 1 : 0), 0);
}

/** The same batch without plain chat: what a client that reads too slowly still gets. */
export function withoutChat(batch: ComposedBatch): ComposedBatch {
  const events = batch.events.filter(({ event }) => !isDroppable(event));
  return { events, droppedChat: batch.droppedChat + batch.events.length - events.length };
}

// Keeps `allowance` of `count` items at evenly spaced indices (all of them when allowance >= count).
function keepsChat(index: number, count: number, allowance: number): boolean {
  if (allowance >= count) return true;
  return Math.floor(((index + 1) * allowance) / count) > Math.floor((index * allowance) / count);
}

function mergeLikes(likes: StreamEvent[]): StreamEvent {
  const last = likes.at(-1)!;
  const users = new Set(likes.map(({ event }) => event.like!.userId));
  const count = likes.reduce((sum, { event }) => sum + event.like!.count, 0);
  const like: roomV1.LikeAggregate = { userId: users.size === 1 ? last.event.like!.userId : '', count: Math.min(count, 2_147_483_647) };
  return { position: last.position, event: { roomId: last.event.roomId, atMs: last.event.atMs, like } };
}
