// The core (no Nest) serves sockets and any transport; nest/ adapts it to HTTP controllers.
export { AuthError, type AuthErrorCode } from './core/auth-error';
export { bearerToken } from './core/bearer-token';
export { isRole, type Principal, type Role, ROLES } from './core/principal';
export { canWrite, hasRole } from './core/roles';
export { createTokenIssuer, type TokenIssuer, type TokenIssuerOptions } from './core/token-issuer';
export { createTokenVerifier, type TokenVerifier, type TokenVerifierOptions, type VerifiedToken } from './core/token-verifier';
export { Public, Roles } from './nest/access.decorators';
export { AuthGuard } from './nest/auth.guard';
export type { AuthenticatedRequest } from './nest/authenticated-request';
export { CurrentPrincipal } from './nest/current-principal.decorator';
export { TOKEN_VERIFIER } from './nest/token-verifier.token';
