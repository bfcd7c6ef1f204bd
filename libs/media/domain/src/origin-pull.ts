import { signPlaybackGrant, SignatureProblem, verifyPlaybackGrant } from './playback-signature';

/** How long a signed origin URL may be used to open a pull: the check is at connect, so seconds do. */
export const ORIGIN_PULL_TTL_SECONDS = 60;

/**
 * The internal credential of ingest's HTTP-FLV origin: a playback grant (HMAC-SHA256, compared in
 * constant time) over the stream's path (`/room/<room id>`, without `.flv`) and an expiry, signed
 * with the origin's own secret (FLV_ORIGIN_SECRET, which viewers' grants never use), so a
 * viewer's grant opens nothing at the origin and one stream's credential no other stream.
 */
export function signOriginUrl(url: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const signed = new URL(url);
  const grant = signPlaybackGrant({ roomId: subjectOf(signed.pathname), expiresAt: nowSeconds + ORIGIN_PULL_TTL_SECONDS }, secret);
  for (const [name, value] of grant) signed.searchParams.set(name, value);
  return signed.toString();
}

/** Checks a pull of the origin at `pathname` (as requested, e.g. `/room/r1.flv`); the problem, or undefined when allowed. */
export function verifyOriginPull(pathname: string, query: URLSearchParams, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): SignatureProblem | undefined {
  return verifyPlaybackGrant(subjectOf(pathname), query, secret, nowSeconds);
}

function subjectOf(pathname: string): string {
  return `flv-origin:${pathname.replace(/\.flv$/, '')}`;
}
