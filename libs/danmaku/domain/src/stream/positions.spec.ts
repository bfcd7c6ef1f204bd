import { formatPosition, parsePosition, positionOfOffset } from './positions';

describe('positions', () => {
  it('are the Kafka offset plus one, so 0 can mean nothing seen', () => {
    expect(positionOfOffset('0')).toBe(1);
    expect(positionOfOffset('41')).toBe(42);
    expect(() => positionOfOffset('x')).toThrow('not a Kafka offset');
    expect(() => positionOfOffset('')).toThrow('not a Kafka offset');
  });

  it('parse from decimal strings and numbers only', () => {
    expect(parsePosition('42')).toBe(42);
    expect(parsePosition(42)).toBe(42);
    expect(parsePosition('0')).toBe(0);
    for (const bad of ['-1', '1.5', '', 'abc', '99999999999999999', -1, 1.5, null, undefined, {}]) expect(parsePosition(bad)).toBeUndefined();
  });

  it('format as decimal strings', () => {
    expect(formatPosition(9007199254740991)).toBe('9007199254740991');
  });
});
