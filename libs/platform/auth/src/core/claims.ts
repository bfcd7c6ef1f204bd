import { idProblem } from '@ovation/ids';
import type { JWTPayload } from 'jose';
import { AuthError } from './auth-error';
import { isRole, type Principal } from './principal';

/** Our claims besides the registered ones: sub carries the user id. */
export interface PrincipalClaims {
  name: string;
  role: Principal['role'];
}

export function claimsOf(principal: Principal): PrincipalClaims {
  return { name: principal.displayName, role: principal.role };
}

export function principalFrom(payload: JWTPayload): Principal {
  const { sub, name, role } = payload;
  // The subject is the user id every service compares byte for byte: one spelling, or no entry.
  if (sub === undefined) throw new AuthError('invalid_token', 'token has no subject');
  const problem = idProblem(sub);
  if (problem) throw new AuthError('invalid_token', `token subject ${problem}`);
  if (!isRole(role)) throw new AuthError('invalid_token', 'token has no valid role');
  return { userId: sub, displayName: typeof name === 'string' ? name : sub, role };
}
