/** The gateway's token issuer for API tokens (development and guest logins); absent when only JWKS verifies. */
export const TOKEN_ISSUER = Symbol('TOKEN_ISSUER');
/** Issues join tokens for push nodes: JOIN_TOKEN_SECRET, audience `ovation-push`. */
export const JOIN_TOKEN_ISSUER = Symbol('JOIN_TOKEN_ISSUER');
/** Issuer and audience push nodes verify join tokens for (fixed by contract, not by JWT_ISSUER). */
export const JOIN_TOKEN_CLAIMS = { issuer: 'ovation', audience: 'ovation-push' } as const;
/** Join tokens only bridge join → WebSocket connect: short-lived by contract. */
export const JOIN_TOKEN_TTL_SECONDS = 120;
