import { ValidationError } from '@ovation/errors';

export const PAGE_LIMIT_DEFAULT = 20;
export const PAGE_LIMIT_MAX = 100;

/** The server's page size: the default for 0 (or less), capped at the maximum. */
export function pageLimit(requested: number | undefined): number {
  if (!requested || requested <= 0) return PAGE_LIMIT_DEFAULT;
  return Math.min(requested, PAGE_LIMIT_MAX);
}

/** Cursors are opaque to clients: base64url JSON of where the previous page stopped. */
export function encodeCursor(position: object): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * The position a cursor stands for, or undefined for the first page; a cursor that was not made
 * by `encodeCursor` with this shape is a ValidationError naming `page.cursor`.
 */
export function decodeCursor<T>(cursor: string | undefined, isPosition: (value: unknown) => value is T): T | undefined {
  if (!cursor) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!isPosition(value)) throw new ValidationError('page.cursor', 'page.cursor is not a cursor this list returned');
  return value;
}
