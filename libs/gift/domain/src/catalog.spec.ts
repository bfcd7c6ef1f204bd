import { parsePositiveAmount, validateGift } from './index';

const rocket = { id: 'rocket', name: ' Rocket ', price: '5000', iconUrl: '', tier: 'fullscreen' as const, comboAble: false, enabled: true, sortOrder: 9 };

describe('validateGift', () => {
  it('keeps integer prices exact and trims the name', () => {
    expect(validateGift(rocket)).toEqual({ ...rocket, name: 'Rocket', price: 5000n });
  });

  it.each([
    ['id', { id: 'Not Valid' }],
    ['name', { name: '  ' }],
    ['tier', { tier: 'huge' }],
    ['price', { price: '1.5' }],
    ['price', { price: '0' }],
    ['sortOrder', { sortOrder: 0.5 }],
  ])('names the bad field %s', (field, change) => {
    expect(() => validateGift({ ...rocket, ...change } as never)).toThrow(expect.objectContaining({ kind: 'invalid_argument', field }));
  });
});

describe('parsePositiveAmount', () => {
  it('rejects floats, negatives and amounts beyond the maximum', () => {
    for (const bad of ['1e3', '-5', '10.0', '', '1000000000001']) {
      expect(() => parsePositiveAmount('amount', bad)).toThrow(expect.objectContaining({ field: 'amount' }));
    }
    expect(parsePositiveAmount('amount', '42')).toBe(42n);
  });
});
