import { ValidationError } from '@ovation/errors';

/**
 * The longest id, in bytes of UTF-8. It fits every id column (VARCHAR(64) counts characters, and
 * a character is at least a byte), admits everything the API accepted before (64 ASCII
 * characters) and the subjects identity providers issue (a UUID, `auth0|` and 24 hex digits).
 */
export const ID_MAX_BYTES = 64;

// An id is a token, never prose: whitespace splits it in logs, URLs and shells, and "a b",
// "a  b" and "a\u00a0b" look alike. Characters that are invisible, reorder the text around them
// or end a line make two different ids look the same to every person who reads them.
const SPACE = /\s/u;
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/u;
const LONE_SURROGATE = /\p{Cs}/u;

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * What keeps `value` from being an id (user, room), as words to follow the field's name, or
 * undefined for a valid id. Ids are compared byte for byte everywhere, so only one spelling of
 * each is let in: non-empty, at most ID_MAX_BYTES, well-formed Unicode in NFC, and no whitespace,
 * control, format, invisible or line-breaking character anywhere.
 */
export function idProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value === '') return 'must not be empty';
  // First, so the checks below only ever scan a short string.
  if (Buffer.byteLength(value, 'utf8') > ID_MAX_BYTES) return `must be at most ${ID_MAX_BYTES} bytes of UTF-8`;
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (no lone surrogate)';
  const space = SPACE.exec(value);
  if (space) return `must not contain ${codePoint(space[0])} (whitespace)`;
  const hidden = HIDDEN.exec(value);
  if (hidden) return `must not contain ${codePoint(hidden[0])} (a control, format or invisible character)`;
  if (value.normalize('NFC') !== value) return 'must be in Unicode normalization form C (NFC)';
  return undefined;
}

/** The id, or a ValidationError naming `field` (invalid_argument: 400 at the gateway, INVALID_ARGUMENT over gRPC). */
export function requireId(field: string, value: unknown): string {
  const problem = idProblem(value);
  if (problem) throw new ValidationError(field, `${field} ${problem}`);
  return value as string;
}
