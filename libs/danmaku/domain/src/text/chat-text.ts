export type TextVerdict = { ok: true; text: string } | { ok: false; reason: 'empty' | 'too_long' };

// C0/C1 controls and the bidirectional embedding/override/isolate marks (which can make a
// message render as something else); joiners and variation selectors stay, emoji need them.
const STRIPPED = /[\p{Cc}\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/gu;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Normalizes chat text (NFC, controls stripped, trimmed) and checks its length in
 * user-perceived characters (grapheme clusters: an emoji family counts once).
 */
export function normalizeChatText(raw: string, maxChars: number): TextVerdict {
  // A cheap bound before the real count: no text this long can be within the limit after
  // normalization, and segmenting megabytes would be work an attacker chooses.
  if (raw.length > maxChars * 16 + 64) return { ok: false, reason: 'too_long' };
  const text = raw.normalize('NFC').replace(STRIPPED, '').trim();
  if (text === '') return { ok: false, reason: 'empty' };
  // A grapheme is at least one UTF-16 unit: text this short is within the limit without counting
  // (most chat is, and segmenting is the dearest step of the check).
  if (text.length <= maxChars) return { ok: true, text };
  let length = 0;
  for (const graphemes = segmenter.segment(text)[Symbol.iterator](); !graphemes.next().done; ) {
    if (++length > maxChars) return { ok: false, reason: 'too_long' };
  }
  return { ok: true, text };
}
