import { AhoCorasick } from './aho-corasick';
import { normalizeSensitiveWord, SensitiveWordPattern, sensitiveWordPattern } from './sensitive-word';
import { BOUNDARY, isIgnoredInMatching, WordKey, wordKeyOf } from './word-key';

export type FilterMode = 'mask' | 'reject';

export type FilterVerdict =
  | { kind: 'clean'; text: string }
  | { kind: 'masked'; text: string; matches: number }
  | { kind: 'rejected'; matches: number };

export const MASK_CHAR = '*';

/** One compiled word list (the platform's, or a room's), with the version it was read at. */
export class SensitiveWordList {
  static readonly EMPTY = new SensitiveWordList([]);

  private readonly automaton: AhoCorasick;
  private readonly patterns: SensitiveWordPattern[];

  constructor(
    words: readonly string[],
    readonly version = 0,
  ) {
    this.patterns = words.map((word) => sensitiveWordPattern(normalizeSensitiveWord(word))).filter((pattern) => pattern !== undefined);
    this.automaton = new AhoCorasick(this.patterns.map((pattern) => pattern.symbols));
  }

  /** Entries that can match (blank ones and ones without a letter or digit are left out). */
  get size(): number {
    return this.patterns.length;
  }

  /** Every occurrence in the key, as symbol ranges; an open end reaches to the end of its word. */
  findIn(key: WordKey): Array<{ start: number; end: number }> {
    if (this.patterns.length === 0) return [];
    const { symbols } = key;
    return this.automaton.findAll(symbols).map(({ start, end, pattern }) => {
      const { openStart, openEnd } = this.patterns[pattern];
      while (openStart && start > 0 && symbols[start - 1] !== BOUNDARY) start--;
      while (openEnd && end < symbols.length && symbols[end] !== BOUNDARY) end++;
      return { start, end };
    });
  }
}

const KEEP = 0;
const MASK = 1;
const DROP = 2;

/**
 * The sensitive-word filter: the text's WordKey (invisible characters, marks, case, width and
 * lookalike letters folded away; see word-key.ts) is searched for the words of every list in one
 * Aho–Corasick pass each; then either each match is masked — its letters and what separates them
 * become `*`, invisible characters and marks in it go — or the whole text is refused.
 */
export class SensitiveWordFilter {
  constructor(private readonly mode: FilterMode) {}

  check(text: string, lists: readonly SensitiveWordList[]): FilterVerdict {
    if (lists.every((list) => list.size === 0)) return { kind: 'clean', text };
    const codePoints = codePointsOf(text);
    const key = wordKeyOf(codePoints, true);
    let matches = 0;
    let marks: Uint8Array | undefined;
    for (const list of lists) {
      for (const { start, end } of list.findIn(key)) {
        matches += 1;
        if (this.mode === 'mask') markSpan((marks ??= new Uint8Array(codePoints.length)), codePoints, key, start, end);
      }
    }
    if (matches === 0) return { kind: 'clean', text };
    if (this.mode === 'reject' || !marks) return { kind: 'rejected', matches };
    let masked = '';
    codePoints.forEach((codePoint, index) => {
      if (marks[index] === KEEP) masked += String.fromCodePoint(codePoint);
      else if (marks[index] === MASK) masked += MASK_CHAR;
    });
    return { kind: 'masked', text: masked, matches };
  }
}

function codePointsOf(text: string): number[] {
  const codePoints: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const codePoint = text.codePointAt(index)!;
    codePoints.push(codePoint);
    if (codePoint > 0xffff) index++;
  }
  return codePoints;
}

/** Marks the code points from the first to the last letter of a match, and the marks trailing it. */
function markSpan(marks: Uint8Array, codePoints: readonly number[], key: WordKey, start: number, end: number): void {
  let first = start;
  let last = end - 1;
  while (key.origins[first] < 0) first++;
  while (key.origins[last] < 0) last--;
  let to = key.origins[last];
  while (to + 1 < codePoints.length && isIgnoredInMatching(codePoints[to + 1])) to++;
  for (let index = key.origins[first]; index <= to; index++) {
    if (marks[index] !== MASK) marks[index] = isIgnoredInMatching(codePoints[index]) ? DROP : MASK;
  }
}
