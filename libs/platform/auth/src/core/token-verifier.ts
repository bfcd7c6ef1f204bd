import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify, type JWTVerifyOptions } from 'jose';
import { AuthError } from './auth-error';
import { principalFrom } from './claims';
import { hs256Key } from './hs256-key';
import type { Principal } from './principal';

export interface TokenVerifierOptions {
  /** Shared secret (development, and tokens this platform issues itself). */
  hs256Secret?: string;
  /** The identity provider's key set (production); tokens must be RS256. */
  jwksUrl?: string;
  issuer: string;
  audience: string;
  clockToleranceSec?: number;
  /**
   * Refuses a token whose `exp` is further ahead than this: a token minted to live for years is a
   * permanent credential once stolen. Unset: any `exp` (one is always required).
   */
  maxLifetimeSec?: number;
}

export interface VerifiedToken {
  principal: Principal;
  /** Every claim of the token, for callers that need more than who (a join token's `room`). */
  claims: JWTPayload;
}

export interface TokenVerifier {
  /** Resolves the token's principal or rejects with an AuthError. */
  verify(token: string | undefined): Promise<Principal>;
  verifyWithClaims(token: string | undefined): Promise<VerifiedToken>;
}

// Faults of the token itself; anything else (the key server down or slow) is ours and is
// rethrown untouched so it surfaces as a 500, not as "log in again".
const TOKEN_FAULTS = [
  errors.JWTClaimValidationFailed,
  errors.JWTInvalid,
  errors.JWSInvalid,
  errors.JWSSignatureVerificationFailed,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
];

function asAuthError(error: unknown): unknown {
  if (error instanceof errors.JWTExpired) return new AuthError('expired_token', 'token has expired');
  if (TOKEN_FAULTS.some((fault) => error instanceof fault)) return new AuthError('invalid_token', (error as Error).message);
  return error;
}

type VerifyJwt = (token: string, options: JWTVerifyOptions) => Promise<{ payload: JWTPayload }>;

function keyVerifier({ hs256Secret, jwksUrl }: TokenVerifierOptions): VerifyJwt {
  if (hs256Secret && !jwksUrl) {
    const secret = hs256Key(hs256Secret);
    return (token, verifyOptions) => jwtVerify(token, secret, { ...verifyOptions, algorithms: ['HS256'] });
  }
  if (jwksUrl && !hs256Secret) {
    // Fetched on first use, cached, and refetched when a token names a key id it has not seen.
    const jwks = createRemoteJWKSet(new URL(jwksUrl));
    return (token, verifyOptions) => jwtVerify(token, jwks, { ...verifyOptions, algorithms: ['RS256'] });
  }
  throw new Error('configure exactly one of hs256Secret and jwksUrl');
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const verifyJwt = keyVerifier(options);
  const clockToleranceSec = options.clockToleranceSec ?? 0;
  const verifyOptions: JWTVerifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    clockTolerance: clockToleranceSec,
    // Without exp a token would be accepted forever.
    requiredClaims: ['exp'],
  };

  const verifyWithClaims = async (token: string | undefined): Promise<VerifiedToken> => {
    if (!token) throw new AuthError('missing_token', 'a bearer token is required');
    let payload: JWTPayload;
    try {
      ({ payload } = await verifyJwt(token, verifyOptions));
    } catch (error) {
      throw asAuthError(error);
    }
    const { maxLifetimeSec } = options;
    if (maxLifetimeSec !== undefined && payload.exp! - Date.now() / 1000 > maxLifetimeSec + clockToleranceSec) {
      throw new AuthError('invalid_token', `token expires more than ${maxLifetimeSec} s from now`);
    }
    return { principal: principalFrom(payload), claims: payload };
  };

  return {
    verifyWithClaims,
    verify: async (token) => (await verifyWithClaims(token)).principal,
  };
}
