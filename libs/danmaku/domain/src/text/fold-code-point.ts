const cache = new Map<number, number>();

/**
 * Folds a code point for matching: compatibility forms (full-width Ｆ, ligatures of one letter)
 * and upper case collapse onto one symbol, so trivial disguises do not slip past the filter.
 * Folds that would change the number of code points are skipped: matches map back 1:1 onto the text.
 */
export function foldCodePoint(codePoint: number): number {
  let folded = cache.get(codePoint);
  if (folded === undefined) {
    const chars = Array.from(String.fromCodePoint(codePoint).normalize('NFKC').toLowerCase());
    folded = chars.length === 1 ? chars[0].codePointAt(0)! : codePoint;
    if (cache.size < 65_536) cache.set(codePoint, folded);
  }
  return folded;
}
