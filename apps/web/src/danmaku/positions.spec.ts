import { PositionTracker } from './positions';

describe('PositionTracker', () => {
  it('passes each event once, in order, and remembers the newest position', () => {
    const tracker = new PositionTracker();
    expect(tracker.lastPosition).toBe('0');
    expect(tracker.accept([{ position: '5' }, { position: '9' }]).map((e) => e.position)).toEqual(['5', '9']);
    // A resume overlapping what was seen: only the new ones pass.
    expect(tracker.accept([{ position: '9' }, { position: '7' }, { position: '12' }]).map((e) => e.position)).toEqual(['12']);
    expect(tracker.lastPosition).toBe('12');
  });

  it('compares int64 positions exactly, beyond what a double holds', () => {
    const tracker = new PositionTracker();
    tracker.accept([{ position: '9007199254740993' }]);
    expect(tracker.accept([{ position: '9007199254740992' }, { position: '9007199254740994' }]).map((e) => e.position)).toEqual(['9007199254740994']);
  });

  it('ignores malformed positions', () => {
    expect(new PositionTracker().accept([{ position: 'x' }, { position: '-1' }, { position: '3' }]).map((e) => e.position)).toEqual(['3']);
  });
});
