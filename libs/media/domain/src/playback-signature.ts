import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed playback URL grants: one room's media until `expiresAt` (epoch seconds), optionally to one viewer. */
export interface PlaybackGrant {
  roomId: string;
  expiresAt: number;
  viewerId?: string;
}

export type SignatureProblem = 'missing' | 'malformed' | 'expired' | 'forged';

/** The query parameters that carry a grant: `exp`, optional `v`, and `sig`. */
export function signPlaybackGrant(grant: PlaybackGrant, secret: string): URLSearchParams {
  const params = new URLSearchParams({ exp: String(grant.expiresAt) });
  if (grant.viewerId) params.set('v', grant.viewerId);
  params.set('sig', mac(grant, secret));
  return params;
}

/** Checks the query of a playback request for `roomId`; returns the problem, or undefined when valid. */
export function verifyPlaybackGrant(
  roomId: string,
  query: URLSearchParams,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): SignatureProblem | undefined {
  const sig = query.get('sig');
  const exp = query.get('exp');
  if (!sig || !exp) return 'missing';
  if (!/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return 'malformed';
  const expected = Buffer.from(mac({ roomId, expiresAt: Number(exp), viewerId: query.get('v') ?? undefined }, secret));
  if (!timingSafeEqual(expected, Buffer.from(sig))) return 'forged';
  if (Number(exp) < nowSeconds) return 'expired';
  return undefined;
}

function mac(grant: PlaybackGrant, secret: string): string {
  return createHmac('sha256', secret).update(`${grant.roomId}\n${grant.expiresAt}\n${grant.viewerId ?? ''}`).digest('base64url');
}
