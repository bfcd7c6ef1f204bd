import { ValidationError } from '@ovation/errors';

/** Where a page of replay ended: the session and the last message's (offset, position). */
export interface ArchiveCursor {
  streamStartedAtMs: number;
  offsetMs: number;
  position: string;
}

const SHAPE = /^(\d{1,15})\.(\d{1,15})\.(\d{1,19})$/;

/** Opaque to clients: they hand back what they were given. */
export function encodeArchiveCursor(cursor: ArchiveCursor): string {
  return Buffer.from(`${cursor.streamStartedAtMs}.${cursor.offsetMs}.${cursor.position}`).toString('base64url');
}

export function decodeArchiveCursor(encoded: string): ArchiveCursor {
  const match = SHAPE.exec(Buffer.from(encoded, 'base64url').toString('utf8'));
  if (!match) throw new ValidationError('cursor', 'cursor is not one this API returned');
  return { streamStartedAtMs: Number(match[1]), offsetMs: Number(match[2]), position: match[3] };
}
