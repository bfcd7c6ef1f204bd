import { decodePresence, encodePresence } from './room-presence';

describe('a node report field', () => {
  it('round-trips connections and unique users', () => {
    expect(decodePresence(encodePresence({ connections: 1200, uniqueUsers: 950 }))).toEqual({ connections: 1200, uniqueUsers: 950 });
  });

  it('reads a damaged value as zero rather than NaN', () => {
    expect(decodePresence('x')).toEqual({ connections: 0, uniqueUsers: 0 });
  });
});
