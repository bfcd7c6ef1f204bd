import { CONFUSABLE_LETTERS } from './confusables';

/**
 * The form the sensitive-word filter matches in, the same for the listed words and for chat:
 * a sequence of symbols (folded letters and digits) with BOUNDARY between words.
 *
 * - Invisible characters (format characters such as U+200B, U+2060, U+FEFF, the soft hyphen,
 *   other default-ignorables) and combining marks are not there: "s\u200Bcam", "scám" read "scam".
 * - A letter is folded: compatibility forms (full-width ｓ, 𝐬, ⓢ, ligatures) onto their base,
 *   case folded, and the Latin, Cyrillic and Greek letters that look like ASCII letters
 *   (CONFUSABLE_LETTERS, from Unicode's confusables data) onto those: Cyrillic "ѕсаm" reads "scam".
 * - Words are runs of letters and digits. Scripts written without spaces (Han, kana, Thai, Lao,
 *   Khmer, Myanmar) and the rest (Latin, Cyrillic, Greek, Hangul, digits…) make separate words
 *   where they meet, and a space between two letters of the first kind separates nothing
 *   ("法轮 功" reads "法轮功").
 * - A run of words one letter long each is read as one word, whatever separates them:
 *   "b a d", "b.a.d", "傻 瓜" read "bad", "傻瓜". Longer words keep their boundaries, so
 *   "at it" never reads "tit" and "an alert" never "anal".
 */
export interface WordKey {
  /** Folded symbols (code points) and BOUNDARY. */
  readonly symbols: number[];
  /** For each symbol, the index of the code point it came from (-1 for BOUNDARY). */
  readonly origins: number[];
  /** The kind of the first and last letter (undefined when there is none). */
  readonly first?: LetterKind;
  readonly last?: LetterKind;
}

/** Between words; never a folded letter (a space is not a letter). */
export const BOUNDARY = 0x20;

/** `spaced`: scripts written with spaces between words; `unspaced`: without. */
export type LetterKind = 'spaced' | 'unspaced';

const IGNORED = 0;
const SPACED = 1;
const UNSPACED = 2;
const SEPARATOR = 3;
const WHITESPACE = 4;

interface CharInfo {
  kind: number;
  symbols: readonly number[];
}

const INVISIBLE = /^[\p{M}\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
const LETTER = /^[\p{L}\p{N}]$/u;
const UNSPACED_SCRIPT = /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]$/u;
const WHITE = /^\p{White_Space}$/u;
const MARKS = /[\p{M}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const CONFUSABLE = new Map(CONFUSABLE_LETTERS.map(([letter, ascii]) => [letter, ascii]));

const NO_SYMBOLS: readonly number[] = [];
const cache = new Map<number, CharInfo>();
const ascii: CharInfo[] = Array.from({ length: 0x80 }, (_, cp) => describe(cp));

function describe(codePoint: number): CharInfo {
  const char = String.fromCodePoint(codePoint);
  if (INVISIBLE.test(char)) return { kind: IGNORED, symbols: NO_SYMBOLS };
  if (!LETTER.test(char) && !isLetterInDisguise(char)) return { kind: WHITE.test(char) ? WHITESPACE : SEPARATOR, symbols: NO_SYMBOLS };
  const symbols = foldLetter(char);
  if (symbols.length === 0) return { kind: IGNORED, symbols: NO_SYMBOLS };
  return { kind: UNSPACED_SCRIPT.test(char) ? UNSPACED : SPACED, symbols };
}

/** A symbol that is one letter in a frame (ⓢ, 🅂): a letter; ™ or ℃ stay symbols. */
function isLetterInDisguise(char: string): boolean {
  const parts = [...char.normalize('NFKD')];
  return parts.length === 1 && LETTER.test(parts[0]);
}

/** Compatibility decomposition, full case folding (upper then lower: ß → ss, ς → σ), marks off, lookalikes onto ASCII. */
function foldLetter(char: string): number[] {
  const stripped = (text: string) => text.normalize('NFKD').replace(MARKS, '');
  const folded = stripped(stripped(char).toUpperCase().toLowerCase());
  const symbols: number[] = [];
  for (const part of folded) {
    // A decomposition may bring punctuation along (⑴ is "(1)"): only its letters and digits count.
    if (!LETTER.test(part)) continue;
    for (const out of CONFUSABLE.get(part) ?? part) symbols.push(out.codePointAt(0)!);
  }
  return symbols;
}

function infoOf(codePoint: number): CharInfo {
  if (codePoint < 0x80) return ascii[codePoint];
  let info = cache.get(codePoint);
  if (info === undefined) {
    info = describe(codePoint);
    // Bounded: text is attacker-chosen, and the rare code points are cheap to describe again.
    if (cache.size < 65_536) cache.set(codePoint, info);
  }
  return info;
}

/**
 * The key of `codePoints`; with `outerBoundaries` it starts and ends with BOUNDARY (chat text,
 * so a word at either end of a message still has its boundary).
 */
export function wordKeyOf(codePoints: readonly number[], outerBoundaries: boolean): WordKey {
  const symbols: number[] = [];
  const origins: number[] = [];
  let first: LetterKind | undefined;
  let last: LetterKind | undefined;
  // The word being read: its kind (0: none) and how many letters it has.
  let word = 0;
  let letters = 0;
  let words = 0;
  // Whether the previous word was one letter long, and where the boundary before this word is.
  let previousSingle = false;
  let boundaryAt = -1;
  // A separator was seen since the last letter (a space only, when `spaceOnly`).
  let separated = false;
  let spaceOnly = true;

  const endWord = () => {
    if (word === 0) return;
    const single = letters === 1;
    if (single && previousSingle && boundaryAt >= 0) {
      // Both words one letter long: they are one word, the boundary between them goes.
      symbols.splice(boundaryAt, 1);
      origins.splice(boundaryAt, 1);
    }
    previousSingle = single;
    words += 1;
    word = 0;
  };

  if (outerBoundaries) {
    symbols.push(BOUNDARY);
    origins.push(-1);
  }
  for (let index = 0; index < codePoints.length; index++) {
    const info = infoOf(codePoints[index]);
    const kind = info.kind;
    if (kind === IGNORED) continue;
    if (kind === SEPARATOR || kind === WHITESPACE) {
      if (!separated) spaceOnly = true;
      separated = true;
      if (kind === SEPARATOR) spaceOnly = false;
      continue;
    }
    const continues = word === kind && (!separated || (kind === UNSPACED && spaceOnly));
    if (!continues) {
      endWord();
      boundaryAt = -1;
      if (words > 0) {
        boundaryAt = symbols.length;
        symbols.push(BOUNDARY);
        origins.push(-1);
      }
      word = kind;
      letters = 0;
    }
    separated = false;
    letters += 1;
    first ??= kind === UNSPACED ? 'unspaced' : 'spaced';
    last = kind === UNSPACED ? 'unspaced' : 'spaced';
    for (const symbol of info.symbols) {
      symbols.push(symbol);
      origins.push(index);
    }
  }
  endWord();
  if (outerBoundaries) {
    symbols.push(BOUNDARY);
    origins.push(-1);
  }
  return { symbols, origins, first, last };
}

/** Whether the code point is invisible to matching (format character, default-ignorable or combining mark). */
export function isIgnoredInMatching(codePoint: number): boolean {
  return infoOf(codePoint).kind === IGNORED;
}
