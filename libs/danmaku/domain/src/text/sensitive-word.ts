import { BOUNDARY, wordKeyOf } from './word-key';

/** The longest entry of a word list, in characters (code points). */
export const SENSITIVE_WORD_MAX_CHARS = 64;

const WILDCARD = '*';
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const WHITESPACE_RUN = /\s+/gu;

/**
 * A list entry as stored and shown: NFC, invisible and control characters removed, runs of
 * whitespace made one space, trimmed. Two entries that normalize alike are one entry.
 */
export function normalizeSensitiveWord(raw: string): string {
  return raw.normalize('NFC').replace(INVISIBLE_OR_CONTROL, '').replace(WHITESPACE_RUN, ' ').trim();
}

/** Why a (normalized) entry cannot be listed, or undefined when it can. */
export function sensitiveWordProblem(word: string): string | undefined {
  if (word === '') return 'is empty';
  if ([...word].length > SENSITIVE_WORD_MAX_CHARS) return `is longer than ${SENSITIVE_WORD_MAX_CHARS} characters`;
  if (sensitiveWordPattern(word) === undefined) return 'has no letter or digit (punctuation, symbols and emoji alone cannot be listed)';
  return undefined;
}

/** What an entry matches: its symbols, and whether it may start or end inside a longer word. */
export interface SensitiveWordPattern {
  symbols: number[];
  openStart: boolean;
  openEnd: boolean;
}

/**
 * The pattern of an entry (see WordKey). A word of a script written with spaces (Latin,
 * Cyrillic, Greek…) matches whole words only: "ass" is found in "ass", "a s s" and "ASS!" but
 * not in "class" or "assistant". A `*` at its start or end lets it match inside a longer word
 * there, and the mask then covers that whole word: "scam*" also finds "scammer", "*scam*"
 * "antiscams". Words of scripts written without spaces (Chinese, Japanese, Thai…) match
 * anywhere. Undefined for an entry with no letter or digit.
 */
export function sensitiveWordPattern(word: string): SensitiveWordPattern | undefined {
  let from = 0;
  let to = word.length;
  while (from < to && word[from] === WILDCARD) from++;
  while (to > from && word[to - 1] === WILDCARD) to--;
  const key = wordKeyOf(Array.from(word.slice(from, to), (char) => char.codePointAt(0)!), false);
  if (key.symbols.length === 0) return undefined;
  const symbols = [...key.symbols];
  const spacedStart = key.first === 'spaced';
  const spacedEnd = key.last === 'spaced';
  if (from === 0 && spacedStart) symbols.unshift(BOUNDARY);
  if (to === word.length && spacedEnd) symbols.push(BOUNDARY);
  return { symbols, openStart: from > 0 && spacedStart, openEnd: to < word.length && spacedEnd };
}
