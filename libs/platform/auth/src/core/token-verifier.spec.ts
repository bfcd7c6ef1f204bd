import { SignJWT } from 'jose';
import { AuthError } from './auth-error';
import type { Principal } from './principal';
import { createTokenIssuer } from './token-issuer';
import { createTokenVerifier } from './token-verifier';

const SECRET = 'development-secret-of-at-least-32-bytes';
const OTHER_SECRET = 'another-secret-that-is-also-32-bytes-long';
const site = { issuer: 'ovation-gateway', audience: 'ovation' };
const viewer: Principal = { userId: 'u-1', displayName: 'Mei', role: 'viewer' };

const issuer = createTokenIssuer({ hs256Secret: SECRET, ...site });
const verifier = createTokenVerifier({ hs256Secret: SECRET, ...site });

async function authErrorCode(verifying: Promise<unknown>): Promise<string> {
  const error = await verifying.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(AuthError);
  return (error as AuthError).code;
}

describe('HS256 tokens', () => {
  it('round-trips a principal through issue and verify', async () => {
    const token = await issuer.issue(viewer, 60);
    await expect(verifier.verify(token)).resolves.toEqual(viewer);
  });

  it('carries extra claims without letting them override identity', async () => {
    const token = await issuer.issue(viewer, 30, { room: 'r-7', role: 'admin', sub: 'someone-else' });
    const { principal, claims } = await verifier.verifyWithClaims(token);
    expect(principal).toEqual(viewer);
    expect(claims).toMatchObject({ room: 'r-7', iss: site.issuer, aud: site.audience });
    expect(claims.exp! - claims.iat!).toBe(30);
  });

  it('rejects an expired token as expired_token, unless within the clock tolerance', async () => {
    const token = await issuer.issue(viewer, -5);
    expect(await authErrorCode(verifier.verify(token))).toBe('expired_token');
    const tolerant = createTokenVerifier({ hs256Secret: SECRET, ...site, clockToleranceSec: 60 });
    await expect(tolerant.verify(token)).resolves.toEqual(viewer);
  });

  it('rejects a token for another audience', async () => {
    const token = await createTokenIssuer({ hs256Secret: SECRET, ...site, audience: 'elsewhere' }).issue(viewer, 60);
    expect(await authErrorCode(verifier.verify(token))).toBe('invalid_token');
  });

  it('rejects a token from another issuer', async () => {
    const token = await createTokenIssuer({ hs256Secret: SECRET, ...site, issuer: 'someone' }).issue(viewer, 60);
    expect(await authErrorCode(verifier.verify(token))).toBe('invalid_token');
  });

  it('rejects a token signed with another secret', async () => {
    const token = await createTokenIssuer({ hs256Secret: OTHER_SECRET, ...site }).issue(viewer, 60);
    expect(await authErrorCode(verifier.verify(token))).toBe('invalid_token');
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = (await issuer.issue(viewer, 60)).split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'u-1', name: 'Mei', role: 'admin', ...site })).toString('base64url');
    expect(await authErrorCode(verifier.verify(`${header}.${forged}.${signature}`))).toBe('invalid_token');
  });

  it('rejects a token without a known role', async () => {
    const token = await new SignJWT({ name: 'Mei', role: 'superuser' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u-1')
      .setIssuer(site.issuer)
      .setAudience(site.audience)
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(SECRET));
    expect(await authErrorCode(verifier.verify(token))).toBe('invalid_token');
  });

  it.each([
    ['no subject', undefined],
    ['an empty subject', ''],
    ['surrounding whitespace', ' u-1'],
    ['a zero-width space', 'u\u200b1'],
    ['a bidi override', 'u-1\u202e'],
    ['a decomposed letter (not NFC)', 'Zoe\u0308'],
    ['a subject over 64 bytes', 'u'.repeat(65)],
  ])('rejects a token whose subject is not a normalized user id: %s', async (_case, subject) => {
    const unsigned = new SignJWT({ name: 'Mei', role: 'viewer' }).setProtectedHeader({ alg: 'HS256' }).setIssuer(site.issuer).setAudience(site.audience).setExpirationTime('1m');
    const token = await (subject === undefined ? unsigned : unsigned.setSubject(subject)).sign(new TextEncoder().encode(SECRET));
    const refusal = await verifier.verify(token).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AuthError);
    expect(refusal).toMatchObject({ code: 'invalid_token', message: expect.stringMatching(/subject/) });
  });

  const signed = (claims: { exp?: number }) => {
    const jwt = new SignJWT({ name: 'Mei', role: 'viewer' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u-1').setIssuer(site.issuer).setAudience(site.audience);
    return (claims.exp === undefined ? jwt : jwt.setExpirationTime(claims.exp)).sign(new TextEncoder().encode(SECRET));
  };

  it('rejects a token without exp: it would be accepted forever', async () => {
    expect(await authErrorCode(verifier.verify(await signed({})))).toBe('invalid_token');
  });

  it('rejects a token that expires further ahead than the lifetime bound, within the clock tolerance', async () => {
    const now = Math.floor(Date.now() / 1000);
    const bounded = createTokenVerifier({ hs256Secret: SECRET, ...site, maxLifetimeSec: 3600, clockToleranceSec: 30 });
    await expect(bounded.verify(await signed({ exp: now + 3600 + 20 }))).resolves.toEqual(viewer);
    expect(await authErrorCode(bounded.verify(await signed({ exp: now + 3600 + 60 })))).toBe('invalid_token');
    expect(await authErrorCode(bounded.verify(await signed({ exp: 253402300799 })))).toBe('invalid_token');
    await expect(verifier.verify(await signed({ exp: 253402300799 }))).resolves.toEqual(viewer);
  });

  it('rejects garbage as invalid_token and nothing as missing_token', async () => {
    expect(await authErrorCode(verifier.verify('not-a-jwt'))).toBe('invalid_token');
    expect(await authErrorCode(verifier.verify(''))).toBe('missing_token');
    expect(await authErrorCode(verifier.verify(undefined))).toBe('missing_token');
  });
});

describe('configuration', () => {
  it('needs exactly one key source', () => {
    expect(() => createTokenVerifier({ ...site })).toThrow(/exactly one/);
    expect(() => createTokenVerifier({ ...site, hs256Secret: SECRET, jwksUrl: 'http://127.0.0.1/jwks.json' })).toThrow(/exactly one/);
  });

  it('refuses an HS256 secret shorter than 32 bytes', () => {
    expect(() => createTokenVerifier({ ...site, hs256Secret: 'short' })).toThrow(/32 bytes/);
    expect(() => createTokenIssuer({ ...site, hs256Secret: 'short' })).toThrow(/32 bytes/);
  });
});
