import { outboxLane, OUTBOX_LANES, rankingBuckets } from './index';

describe('rankingBuckets', () => {
  it.each([
    ['2025-01-01T12:00:00Z', '2025-01-01', '2025-W01'],
    ['2024-12-30T00:00:00Z', '2024-12-30', '2025-W01'],
    ['2021-01-03T23:59:59Z', '2021-01-03', '2020-W53'],
    ['2025-03-07T08:00:00Z', '2025-03-07', '2025-W10'],
  ])('puts %s in day %s and ISO week %s (UTC)', (at, day, week) => {
    expect(rankingBuckets(Date.parse(at))).toEqual({ day, week });
  });
});

describe('outboxLane', () => {
  it('is stable and within range', () => {
    const lane = outboxLane('3f0c3f8e-5a1b-4c3e-9a57-1c1d3f1a2b3c');
    expect(lane).toBe(outboxLane('3f0c3f8e-5a1b-4c3e-9a57-1c1d3f1a2b3c'));
    expect(lane).toBeGreaterThanOrEqual(0);
    expect(lane).toBeLessThan(OUTBOX_LANES);
  });
});
