import { AhoCorasick } from './aho-corasick';

const codePoints = (text: string) => Array.from(text, (char) => char.codePointAt(0)!);
const found = (patterns: string[], text: string) =>
  new AhoCorasick(patterns.map(codePoints)).findAll(codePoints(text)).map(({ start, end, pattern }) => [patterns[pattern], start, end]);

describe('AhoCorasick', () => {
  it('finds every occurrence of every pattern, overlapping ones included', () => {
    expect(found(['he', 'she', 'his', 'hers'], 'ushers')).toEqual([
      ['she', 1, 4],
      ['he', 2, 4],
      ['hers', 2, 6],
    ]);
  });

  it('finds a pattern inside another and repeated overlaps', () => {
    expect(found(['aa', 'a'], 'aaa')).toEqual([
      ['a', 0, 1],
      ['aa', 0, 2],
      ['a', 1, 2],
      ['aa', 1, 3],
      ['a', 2, 3],
    ]);
  });

  it('works on Chinese text in code points, astral characters included', () => {
    expect(found(['法轮', '轮功', '🐍蛇'], '他说法轮功和🐍蛇')).toEqual([
      ['法轮', 2, 4],
      ['轮功', 3, 5],
      ['🐍蛇', 6, 8],
    ]);
  });

  it('matches nothing for no patterns or empty patterns, and follows fail links correctly', () => {
    expect(found([], 'anything')).toEqual([]);
    expect(found([''], 'anything')).toEqual([]);
    expect(found(['abcd', 'bc', 'cx'], 'abcx')).toEqual([
      ['bc', 1, 3],
      ['cx', 2, 4],
    ]);
  });

  it('agrees with a naive search on random inputs', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const word = (length: number) => Array.from({ length }, () => 'ab中'[Math.floor(random() * 3)]).join('');
    for (let round = 0; round < 200; round++) {
      const patterns = Array.from({ length: 1 + Math.floor(random() * 5) }, () => word(1 + Math.floor(random() * 4)));
      const text = word(30);
      const naive: Array<[string, number, number]> = [];
      const chars = Array.from(text);
      for (let end = 1; end <= chars.length; end++) {
        patterns.forEach((pattern) => {
          const length = Array.from(pattern).length;
          if (end >= length && chars.slice(end - length, end).join('') === pattern) naive.push([pattern, end - length, end]);
        });
      }
      const sortKey = (m: [string, number, number]) => `${m[2]}:${m[1]}:${m[0]}`;
      expect(found(patterns, text).map((m) => sortKey(m as [string, number, number])).sort()).toEqual(naive.map(sortKey).sort());
    }
  });
});
