import { hash32 } from './index';

describe('hash32', () => {
  it('is deterministic and depends on the seed', () => {
    expect(hash32('room-42')).toBe(hash32('room-42'));
    expect(hash32('room-42', 1)).not.toBe(hash32('room-42', 2));
    expect(hash32('')).toBe(0);
  });

  it('hashes non-ASCII text and odd lengths', () => {
    const values = new Set(['直播', '直播间', 'a', 'ab', 'abc', '🎉'].map((text) => hash32(text)));
    expect(values.size).toBe(6);
  });

  it('spreads sequential keys evenly: 64,000 keys over 64 buckets, each within ±15% of 1,000', () => {
    const buckets = new Array<number>(64).fill(0);
    for (let i = 0; i < 64_000; i++) buckets[hash32(`key-${i}`) % 64]++;

    for (const count of buckets) expect(Math.abs(count - 1_000)).toBeLessThanOrEqual(150);
  });
});
