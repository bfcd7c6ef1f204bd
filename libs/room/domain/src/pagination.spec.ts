import { ValidationError } from '@ovation/errors';
import { decodeCursor, encodeCursor, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, pageLimit } from './index';

const isPosition = (value: unknown): value is { id: string } => typeof (value as { id?: unknown })?.id === 'string';

describe('pagination', () => {
  it('round-trips an opaque base64url cursor', () => {
    const cursor = encodeCursor({ id: 'room-1', c: 3 });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, isPosition)).toEqual({ id: 'room-1', c: 3 });
    expect(decodeCursor('', isPosition)).toBeUndefined();
  });

  it.each(['%%%', encodeCursor({ other: 1 }), Buffer.from('not json').toString('base64url')])('rejects the foreign cursor %j naming page.cursor', (cursor) => {
    expect(() => decodeCursor(cursor, isPosition)).toThrow(ValidationError);
    expect(() => decodeCursor(cursor, isPosition)).toThrow(expect.objectContaining({ field: 'page.cursor' }));
  });

  it('applies the default and the maximum page size', () => {
    expect(pageLimit(0)).toBe(PAGE_LIMIT_DEFAULT);
    expect(pageLimit(undefined)).toBe(PAGE_LIMIT_DEFAULT);
    expect(pageLimit(5)).toBe(5);
    expect(pageLimit(10_000)).toBe(PAGE_LIMIT_MAX);
  });
});
