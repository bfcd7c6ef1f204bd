import { type Principal, type Role, ROLES } from './principal';

const rank = (role: Role): number => ROLES.indexOf(role);

/**
 * True when the principal holds any of the required roles or one above it (admin implies
 * streamer implies viewer implies guest). An empty list requires nothing.
 */
export function hasRole(principal: Principal, required: readonly Role[]): boolean {
  return required.length === 0 || required.some((role) => rank(principal.role) >= rank(role));
}

/** Guests may watch; sending danmaku, likes or gifts needs at least a viewer account. */
export function canWrite(principal: Principal): boolean {
  return hasRole(principal, ['viewer']);
}
