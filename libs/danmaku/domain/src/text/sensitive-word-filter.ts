import { AhoCorasick } from './aho-corasick';
import { foldCodePoint } from './fold-code-point';

export type FilterMode = 'mask' | 'reject';

export type FilterVerdict =
  | { kind: 'clean'; text: string }
  | { kind: 'masked'; text: string; matches: number }
  | { kind: 'rejected'; matches: number };

export const MASK_CHAR = '*';

/**
 * The sensitive-word filter: one Aho–Corasick pass finds every listed word (case- and
 * width-insensitively, overlapping occurrences included); then either every matched character
 * is masked or the whole text is refused.
 */
export class SensitiveWordFilter {
  private readonly automaton: AhoCorasick;

  constructor(
    words: readonly string[],
    private readonly mode: FilterMode,
  ) {
    this.automaton = new AhoCorasick(
      words.map((word) => word.normalize('NFC').trim()).filter(Boolean),
      foldCodePoint,
    );
  }

  check(text: string): FilterVerdict {
    const codePoints = Array.from(text, (char) => char.codePointAt(0)!);
    const matches = this.automaton.findAll(codePoints);
    if (matches.length === 0) return { kind: 'clean', text };
    if (this.mode === 'reject') return { kind: 'rejected', matches: matches.length };
    const masked = new Uint8Array(codePoints.length);
    for (const { start, end } of matches) masked.fill(1, start, end);
    const chars = Array.from(text);
    return { kind: 'masked', text: chars.map((char, i) => (masked[i] ? MASK_CHAR : char)).join(''), matches: matches.length };
  }
}
