import type { StreamEvent } from '../stream/stream-event';

/** What the history store holds for a room, as read for one resume. */
export interface HistoryWindow {
  /** The highest position ever trimmed away; undefined when nothing was trimmed (or history expired). */
  floor: number | undefined;
  /** The lowest position still kept; undefined when nothing is kept. */
  oldest: number | undefined;
  /** The kept events after the resume position, in order. */
  after: StreamEvent[];
}

export type ResumePlan = { kind: 'events'; events: StreamEvent[] } | { kind: 'gap_too_old' };

/**
 * A client that saw up to `lastPosition` can be brought up to date only if nothing after it
 * was lost: history must reach back to it, i.e. it saw the last trimmed event or a kept one.
 */
export function resumePlan(lastPosition: number, history: HistoryWindow): ResumePlan {
  const reachesBackTo = history.floor ?? history.oldest;
  if (reachesBackTo === undefined || lastPosition < reachesBackTo) return { kind: 'gap_too_old' };
  return { kind: 'events', events: history.after.filter(({ position }) => position > lastPosition) };
}

/** The join tail: the most recent events no older than `windowMs`. */
export function joinTail(recent: readonly StreamEvent[], nowMs: number, windowMs: number): StreamEvent[] {
  return recent.filter(({ event }) => Number(event.atMs) >= nowMs - windowMs);
}
