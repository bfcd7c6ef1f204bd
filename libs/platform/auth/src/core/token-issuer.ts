import { SignJWT } from 'jose';
import { claimsOf } from './claims';
import { hs256Key } from './hs256-key';
import type { Principal } from './principal';

export interface TokenIssuerOptions {
  hs256Secret: string;
  issuer: string;
  audience: string;
}

export interface TokenIssuer {
  /**
   * Signs an HS256 token for the principal: development logins, and the short-lived join tokens a
   * viewer presents to a push node (extra claims such as `room` ride along; they cannot
   * override sub, name, role, iss, aud, iat or exp).
   */
  issue(principal: Principal, ttlSeconds: number, extraClaims?: Record<string, unknown>): Promise<string>;
}

export function createTokenIssuer(options: TokenIssuerOptions): TokenIssuer {
  const key = hs256Key(options.hs256Secret);
  return {
    issue(principal, ttlSeconds, extraClaims = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ ...extraClaims, ...claimsOf(principal) })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(principal.userId)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .sign(key);
    },
  };
}
