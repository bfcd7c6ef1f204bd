import type { StreamEvent } from '../stream/stream-event';
import { joinTail, resumePlan } from './resume-plan';

const event = (position: number, atMs = 0): StreamEvent => ({ position, event: { roomId: 'r', atMs: String(atMs), system: { level: 1 as never, text: '' } } });

describe('resumePlan', () => {
  it('returns exactly the kept events after the position when history reaches back to it', () => {
    expect(resumePlan(20, { floor: 5, oldest: 10, after: [event(21), event(30)] })).toEqual({ kind: 'events', events: [event(21), event(30)] });
  });

  it('accepts a client that saw exactly the last trimmed event', () => {
    expect(resumePlan(5, { floor: 5, oldest: 10, after: [event(10)] })).toEqual({ kind: 'events', events: [event(10)] });
  });

  it('answers gap_too_old when events after the position were trimmed', () => {
    expect(resumePlan(4, { floor: 5, oldest: 10, after: [event(10)] })).toEqual({ kind: 'gap_too_old' });
  });

  it('without a trim record, needs the position among the kept events', () => {
    expect(resumePlan(10, { floor: undefined, oldest: 10, after: [event(11)] })).toEqual({ kind: 'events', events: [event(11)] });
    expect(resumePlan(9, { floor: undefined, oldest: 10, after: [event(10)] })).toEqual({ kind: 'gap_too_old' });
  });

  it('answers gap_too_old when no history is left at all', () => {
    expect(resumePlan(9, { floor: undefined, oldest: undefined, after: [] })).toEqual({ kind: 'gap_too_old' });
  });

  it('returns nothing for a client ahead of history (it is caught up)', () => {
    expect(resumePlan(50, { floor: undefined, oldest: 10, after: [] })).toEqual({ kind: 'events', events: [] });
  });
});

describe('joinTail', () => {
  it('keeps the events of the window only', () => {
    expect(joinTail([event(1, 100), event(2, 5_000), event(3, 9_000)], 10_000, 5_000)).toEqual([event(2, 5_000), event(3, 9_000)]);
  });
});
