const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The token of an `Authorization: Bearer <token>` header, or undefined when there is none. */
export function bearerToken(authorizationHeader: string | null | undefined): string | undefined {
  return BEARER.exec(authorizationHeader ?? '')?.[1];
}
