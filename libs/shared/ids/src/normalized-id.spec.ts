import { ValidationError } from '@ovation/errors';
import { ID_MAX_BYTES, idProblem, requireId } from './normalized-id';

describe('idProblem', () => {
  it.each([
    ['demo'],
    ['DEMO'],
    ['rvw-owner'],
    ['guest-3f9c1a7e5b2d4c60'],
    ['0b6e2f8a-4c1d-4e3b-9a7f-5d2c1e0f9a8b'],
    ['auth0|5f7c8ec7c33c6c004bbafe82'],
    ['Zo\u00eb'],
    ['小明'],
    ['a'.repeat(ID_MAX_BYTES)],
    ['🎁'.repeat(ID_MAX_BYTES / 4)],
  ])('accepts %j', (id) => {
    expect(idProblem(id)).toBeUndefined();
  });

  it.each<[string, unknown, string]>([
    ['nothing', undefined, 'must be a string'],
    ['a number', 42, 'must be a string'],
    ['the empty string', '', 'must not be empty'],
    ['65 ASCII bytes', 'a'.repeat(ID_MAX_BYTES + 1), 'must be at most 64 bytes of UTF-8'],
    ['22 three-byte characters (66 bytes)', '小'.repeat(22), 'must be at most 64 bytes of UTF-8'],
    ['a leading space', ' demo', 'must not contain U+0020 (whitespace)'],
    ['a trailing space', 'demo ', 'must not contain U+0020 (whitespace)'],
    ['a space inside', 'two words', 'must not contain U+0020 (whitespace)'],
    ['a trailing newline', 'demo\n', 'must not contain U+000A (whitespace)'],
    ['a tab', 'de\tmo', 'must not contain U+0009 (whitespace)'],
    ['an ideographic space', '\u3000demo', 'must not contain U+3000 (whitespace)'],
    ['a no-break space', 'de\u00a0mo', 'must not contain U+00A0 (whitespace)'],
    ['a byte order mark', '\ufeffdemo', 'must not contain U+FEFF (whitespace)'],
    ['NUL (C0)', 'de\u0000mo', 'must not contain U+0000 (a control, format or invisible character)'],
    ['DEL', 'de\u007fmo', 'must not contain U+007F (a control, format or invisible character)'],
    ['NEL (C1)', 'de\u0085mo', 'must not contain U+0085 (a control, format or invisible character)'],
    ['a zero-width space', 'de\u200bmo', 'must not contain U+200B (a control, format or invisible character)'],
    ['a word joiner', 'de\u2060mo', 'must not contain U+2060 (a control, format or invisible character)'],
    ['a right-to-left override', 'de\u202emo', 'must not contain U+202E (a control, format or invisible character)'],
    ['a left-to-right isolate', 'de\u2066mo', 'must not contain U+2066 (a control, format or invisible character)'],
    ['a soft hyphen', 'de\u00admo', 'must not contain U+00AD (a control, format or invisible character)'],
    ['a line separator', 'de\u2028mo', 'must not contain U+2028 (whitespace)'],
    ['a Hangul filler', 'de\u3164mo', 'must not contain U+3164 (a control, format or invisible character)'],
    ['a variation selector', 'de\ufe0fmo', 'must not contain U+FE0F (a control, format or invisible character)'],
    ['a noncharacter', 'de\ufffemo', 'must not contain U+FFFE (a control, format or invisible character)'],
    ['a lone surrogate', 'de\ud800mo', 'must be well-formed Unicode (no lone surrogate)'],
    ['a decomposed ë (NFD)', 'Zoe\u0308', 'must be in Unicode normalization form C (NFC)'],
    ['the Angstrom sign (NFC makes it Å)', '\u212bngstr\u00f6m', 'must be in Unicode normalization form C (NFC)'],
  ])('refuses %s', (_case, value, problem) => {
    expect(idProblem(value)).toBe(problem);
  });

  it('measures the length before it scans the characters', () => {
    expect(idProblem(` ${'\u200b'.repeat(1_000_000)}`)).toBe('must be at most 64 bytes of UTF-8');
  });
});

describe('requireId', () => {
  it('returns a valid id unchanged', () => {
    expect(requireId('userId', 'demo')).toBe('demo');
  });

  it('throws a ValidationError naming the field', () => {
    const refusal = (() => {
      try {
        requireId('userId', 'demo ');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ValidationError);
    expect(refusal).toMatchObject({ kind: 'invalid_argument', field: 'userId', message: 'userId must not contain U+0020 (whitespace)' });
  });
});
