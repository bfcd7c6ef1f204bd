import { GiftCombos } from './combos';

const rocket = { senderId: 'bob', senderName: 'Bob', giftId: 'rocket', giftName: 'Rocket', count: 1 };

describe('GiftCombos', () => {
  it('shows the combo count the gift service gives', () => {
    const combos = new GiftCombos();
    combos.add({ ...rocket, combo: 1 }, 0);
    expect(combos.add({ ...rocket, combo: 2 }, 500)).toEqual([expect.objectContaining({ key: 'bob:rocket', combo: 2, senderName: 'Bob', giftName: 'Rocket' })]);
  });

  it('adds counts itself when no combo is given, and starts over after the banner went', () => {
    const combos = new GiftCombos();
    combos.add(rocket, 0);
    expect(combos.add({ ...rocket, count: 3 }, 1000)[0].combo).toBe(4);
    expect(combos.visible(4999)).toHaveLength(1);
    expect(combos.visible(5001)).toHaveLength(0);
    expect(combos.add(rocket, 6000)[0].combo).toBe(1);
  });

  it('keeps one banner per sender and gift, newest first, and full-screen gifts longer', () => {
    const combos = new GiftCombos();
    combos.add(rocket, 0);
    combos.add({ ...rocket, senderId: 'eve', senderName: 'Eve', tier: 'GIFT_TIER_FULLSCREEN' }, 10);
    expect(combos.visible(20).map((banner) => banner.senderName)).toEqual(['Eve', 'Bob']);
    expect(combos.visible(6000).map((banner) => banner.senderName)).toEqual(['Eve']);
  });
});
