import { commonV1 } from '@ovation/contracts';
import { ForbiddenError, ValidationError } from '@ovation/errors';
import { requireId } from '@ovation/ids';

export function requireActor(actor: commonV1.Actor | null | undefined, field = 'actor'): commonV1.Actor {
  if (!actor) throw new ValidationError(field, `${field} is required`);
  requireId(`${field}.userId`, actor.userId);
  return actor;
}

export const isAdmin = (actor: commonV1.Actor): boolean => actor.role === commonV1.Role.ROLE_ADMIN;

export function requireAdmin(actor: commonV1.Actor | null | undefined): commonV1.Actor {
  const checked = requireActor(actor);
  if (!isAdmin(checked)) throw new ForbiddenError('only a platform admin may do this', 'admin_only');
  return checked;
}

/** A wallet is private: its owner and platform admins see it. */
export function requireSelfOrAdmin(actor: commonV1.Actor | null | undefined, userId: string): commonV1.Actor {
  const checked = requireActor(actor);
  if (checked.userId !== userId && !isAdmin(checked)) throw new ForbiddenError('a wallet is visible to its owner only', 'not_your_wallet');
  return checked;
}
