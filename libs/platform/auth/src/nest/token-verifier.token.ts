/** Nest injection token of the TokenVerifier the AuthGuard uses (see createTokenVerifier). */
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
