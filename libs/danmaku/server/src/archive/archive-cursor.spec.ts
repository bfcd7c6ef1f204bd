import { DomainError } from '@ovation/errors';
import { decodeArchiveCursor, encodeArchiveCursor } from './archive-cursor';

describe('archive cursor', () => {
  it('round-trips a session, offset and 64-bit position', () => {
    const cursor = { streamStartedAtMs: 1732400000123, offsetMs: 61_500, position: '9223372036854775807' };
    expect(decodeArchiveCursor(encodeArchiveCursor(cursor))).toEqual(cursor);
  });

  it.each(['', 'garbage', Buffer.from('1.2').toString('base64url'), Buffer.from('1.-2.3').toString('base64url')])(
    'refuses %p as an invalid cursor argument',
    (encoded) => {
      const error = (() => {
        try {
          decodeArchiveCursor(encoded);
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'invalid_argument', field: 'cursor' });
    },
  );
});
