import type { Principal } from '../core/principal';

/** The part of an HTTP request the AuthGuard reads and writes. */
export interface AuthenticatedRequest {
  headers: { authorization?: string };
  principal?: Principal;
}
