import { ValidationError } from '@ovation/errors';

export interface RoomDetails {
  title: string;
  category: string;
  coverUrl: string;
}

export const TITLE_MAX = 120;
export const CATEGORY_MAX = 40;
export const COVER_URL_MAX = 500;

/** Normalizes and checks what a streamer may set on a room; throws ValidationError naming the field. */
export function validateRoomDetails(input: Partial<RoomDetails>, required: boolean): Partial<RoomDetails> {
  const out: Partial<RoomDetails> = {};
  if (input.title !== undefined || required) out.title = text('title', input.title ?? '', 1, TITLE_MAX);
  if (input.category !== undefined || required) out.category = text('category', input.category || 'general', 1, CATEGORY_MAX);
  if (input.coverUrl !== undefined || required) out.coverUrl = coverUrl(input.coverUrl ?? '');
  return out;
}

function text(field: string, value: string, min: number, max: number): string {
  const normalized = value.normalize('NFC').replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  if ([...normalized].length < min) throw new ValidationError(field, `${field} must not be empty`);
  if ([...normalized].length > max) throw new ValidationError(field, `${field} must be at most ${max} characters`);
  return normalized;
}

function coverUrl(value: string): string {
  if (value === '') return '';
  if (value.length > COVER_URL_MAX) throw new ValidationError('coverUrl', `coverUrl must be at most ${COVER_URL_MAX} characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError('coverUrl', 'coverUrl must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ValidationError('coverUrl', 'coverUrl must be an absolute http(s) URL');
  return url.toString();
}
