import { createHash, createHmac } from 'node:crypto';

/** Longer input is no key of ours; refusing it early keeps hashing attacker-sized strings off the path. */
export const STREAM_KEY_MAX = 128;

/**
 * A room's stream key, derived rather than stored: `<first 8 hex of the room id>_<base64url HMAC>`.
 * Only its SHA-256 is persisted (to find the room on publish); the owner can see it again because
 * it is derived again from the secret, the room id and the key version. Rotating bumps the version.
 */
export function deriveStreamKey(secret: string, roomId: string, keyVersion: number): string {
  const mac = createHmac('sha256', secret).update(`${roomId}:${keyVersion}`).digest('base64url');
  return `${roomId.replace(/-/g, '').slice(0, 8)}_${mac}`;
}

/** What the database keeps of a key: hex SHA-256, looked up by AuthorizePublish. */
export function hashStreamKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Cheap shape check before any lookup: the characters `deriveStreamKey` produces, at a sane length. */
export function isWellFormedStreamKey(key: string): boolean {
  return key.length > 0 && key.length <= STREAM_KEY_MAX && /^[A-Za-z0-9_-]+$/.test(key);
}
