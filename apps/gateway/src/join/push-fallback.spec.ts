import { fallbackPushUrl } from './push-fallback';

const urls = ['ws://a:8090/ws', 'ws://b:8090/ws', 'ws://c:8090/ws'];
const rooms = Array.from({ length: 3000 }, (_, i) => `room-${i}`);

describe('fallbackPushUrl', () => {
  it('has nothing to offer without a list', () => {
    expect(fallbackPushUrl('room-1', [])).toBeUndefined();
  });

  it('sends one room to one URL whatever the order of the list', () => {
    for (const room of rooms.slice(0, 100)) {
      expect(fallbackPushUrl(room, urls)).toBe(fallbackPushUrl(room, [...urls].reverse()));
    }
  });

  it('spreads rooms over every URL, each within 15% of a fair share', () => {
    const counts = new Map<string, number>();
    for (const room of rooms) counts.set(fallbackPushUrl(room, urls)!, (counts.get(fallbackPushUrl(room, urls)!) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(urls);
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });

  it('moves only the rooms of a URL that leaves the list', () => {
    const moved = rooms.filter((room) => {
      const before = fallbackPushUrl(room, urls);
      return before !== 'ws://c:8090/ws' && fallbackPushUrl(room, urls.slice(0, 2)) !== before;
    });
    expect(moved).toEqual([]);
  });
});
