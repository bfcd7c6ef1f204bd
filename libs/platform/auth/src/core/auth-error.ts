export type AuthErrorCode = 'missing_token' | 'invalid_token' | 'expired_token' | 'forbidden';

/** A refusal the caller can act on (log in again, ask for access); transports map it to 401/403. */
export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
