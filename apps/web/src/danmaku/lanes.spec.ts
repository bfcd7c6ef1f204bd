import { LaneAllocator } from './lanes';

const stage = { lanes: 3, stageWidth: 1000, durationMs: 8000, gapPx: 20 };

describe('LaneAllocator', () => {
  it('fills lanes top to bottom while the previous comments are still entering', () => {
    const lanes = new LaneAllocator(stage);
    expect([lanes.place(200, 0), lanes.place(200, 10), lanes.place(200, 20)]).toEqual([0, 1, 2]);
    expect(lanes.place(200, 30)).toBeUndefined();
  });

  it('reuses a lane once its comment has fully entered and cannot be caught', () => {
    const lanes = new LaneAllocator(stage);
    lanes.place(200, 0);
    // speed (1000+200)/8000 = 0.15 px/ms: entered plus the gap after (200+20)/0.15 ≈ 1467 ms.
    expect(lanes.place(200, 1400)).toBe(1);
    expect(lanes.place(200, 1500)).toBe(0);
  });

  it('keeps a fast long comment from overtaking a slow short one in the same lane', () => {
    const lanes = new LaneAllocator({ ...stage, lanes: 1 });
    lanes.place(50, 0);
    // The short one has entered long ago, but a 900 px comment (0.2375 px/ms) would reach the left
    // edge in 4211 ms while the short one needs 8000 - 2000 = 6000 ms more to leave.
    expect(lanes.place(900, 2000)).toBeUndefined();
    expect(lanes.place(900, 3800)).toBe(0);
  });

  it('forgets lanes that no longer fit after a resize', () => {
    const lanes = new LaneAllocator(stage);
    lanes.place(100, 0);
    lanes.resize({ ...stage, lanes: 1 });
    expect(lanes.place(100, 1)).toBeUndefined();
    lanes.resize({ ...stage, lanes: 2 });
    expect(lanes.place(100, 2)).toBe(1);
  });
});
