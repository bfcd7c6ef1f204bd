import { nextCombo } from './index';

describe('nextCombo', () => {
  const rose = { giftId: 'rose', comboAble: true };

  it('grows while the same combo-able gift keeps coming within the window', () => {
    let state = nextCombo(undefined, { ...rose, atMs: 1_000 }, 3_000);
    state = nextCombo(state, { ...rose, atMs: 3_500 }, 3_000);
    state = nextCombo(state, { ...rose, atMs: 6_500 }, 3_000);

    expect(state).toEqual({ giftId: 'rose', count: 3, atMs: 6_500 });
  });

  it('starts over after the window, for another gift, or for a gift that does not combo', () => {
    const state = { giftId: 'rose', count: 4, atMs: 1_000 };

    expect(nextCombo(state, { ...rose, atMs: 4_001 }, 3_000).count).toBe(1);
    expect(nextCombo(state, { giftId: 'rocket', comboAble: true, atMs: 1_500 }, 3_000).count).toBe(1);
    expect(nextCombo(state, { ...rose, comboAble: false, atMs: 1_500 }, 3_000).count).toBe(1);
  });
});
