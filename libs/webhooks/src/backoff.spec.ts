import { backoffCeilingMs, DEFAULT_BACKOFF, nextDelayMs, withinHorizon } from './backoff';

describe('retry backoff', () => {
  it('doubles up to the cap', () => {
    expect(backoffCeilingMs(DEFAULT_BACKOFF, 1)).toBe(5_000);
    expect(backoffCeilingMs(DEFAULT_BACKOFF, 2)).toBe(10_000);
    expect(backoffCeilingMs(DEFAULT_BACKOFF, 30)).toBe(DEFAULT_BACKOFF.capMs);
  });

  it('jitters between half the ceiling and the ceiling', () => {
    expect(nextDelayMs(DEFAULT_BACKOFF, 3, () => 0)).toBe(10_000);
    expect(nextDelayMs(DEFAULT_BACKOFF, 3, () => 1)).toBe(20_000);
  });

  it('keeps retrying for at least 24 h even with the smallest jitter', () => {
    let elapsed = 0;
    let attempt = 1;
    while (withinHorizon(DEFAULT_BACKOFF, 0, elapsed)) elapsed += nextDelayMs(DEFAULT_BACKOFF, attempt++, () => 0);
    expect(elapsed).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(attempt).toBeGreaterThan(20);
  });
});
