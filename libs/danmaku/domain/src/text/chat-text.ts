export type TextVerdict = { ok: true; text: string } | { ok: false; reason: 'empty' | 'too_long' | 'invalid' };

/**
 * Combining marks one character may carry by default. Vietnamese needs 2, pointed Hebrew, Thai
 * and Devanagari 3; past that it is "Zalgo" text whose marks pile up over the video and the
 * neighbouring lines.
 */
export const CHAT_MAX_MARKS_PER_CHAR = 4;

// Removed: C0/C1 controls, format characters and other default-ignorables: invisible ones that
// only serve to disguise (U+200B, U+2060, U+FEFF, the soft hyphen, Hangul fillers) and the bidi
// controls that make a message render as something else. Kept, as emoji and some scripts need
// them: the joiners (U+200C, U+200D), variation selectors and the tag characters of flags.
const STRIPPED = /(?!\u200C|\u200D|[\u180B-\u180D]|\u180F|[\uFE00-\uFE0F]|[\u{E0020}-\u{E007F}]|[\u{E0100}-\u{E01EF}])[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
// Flags of subdivisions (England, Scotland, Wales) carry 6 tag characters; nothing needs more.
const TAGS_MAX = 8;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const markRuns = new Map<number, RegExp>();

/**
 * Normalizes chat text (NFC, invisible and control characters stripped, trimmed) and checks it:
 * its length in user-perceived characters (grapheme clusters: an emoji family counts once), and
 * at most `maxMarksPerChar` combining marks (or joiners) in a row, so that one "character" cannot
 * carry 1,600 marks within the length limit (`invalid`).
 */
export function normalizeChatText(raw: string, maxChars: number, maxMarksPerChar = CHAT_MAX_MARKS_PER_CHAR): TextVerdict {
  // A cheap bound before the real count: no text this long can be within the limit after
  // normalization, and segmenting megabytes would be work an attacker chooses.
  if (raw.length > maxChars * 16 + 64) return { ok: false, reason: 'too_long' };
  const text = raw.normalize('NFC').replace(STRIPPED, '').trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (markRunOf(maxMarksPerChar).test(text)) return { ok: false, reason: 'invalid' };
  // A grapheme is at least one UTF-16 unit: text this short is within the limit without counting
  // (most chat is, and segmenting is the dearest step of the check).
  if (text.length <= maxChars) return { ok: true, text };
  let length = 0;
  for (const graphemes = segmenter.segment(text)[Symbol.iterator](); !graphemes.next().done; ) {
    if (++length > maxChars) return { ok: false, reason: 'too_long' };
  }
  return { ok: true, text };
}

/** Matches a run of more marks (or joiners) than allowed, or of more tag characters than a flag has. */
function markRunOf(maxMarks: number): RegExp {
  let pattern = markRuns.get(maxMarks);
  if (!pattern) {
    pattern = new RegExp(`[\\p{M}\\u200C\\u200D]{${maxMarks + 1}}|[\\u{E0020}-\\u{E007F}]{${TAGS_MAX + 1}}`, 'u');
    markRuns.set(maxMarks, pattern);
  }
  return pattern;
}
