import { restartDelayMs } from './backoff';

describe('restart backoff', () => {
  it('doubles from the base up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => restartDelayMs(n, 500, 10_000))).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});
