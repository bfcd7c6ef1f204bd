import { commonV1 } from '@ovation/contracts';
import { ValidationError } from '@ovation/errors';
import { requireId } from '@ovation/ids';
import type { Actor } from '@ovation/room-domain';

/** The caller the gateway vouches for (trusted on the internal network only); platform staff carry ROLE_ADMIN. */
export function toActor(actor: commonV1.Actor | null | undefined): Actor {
  return { userId: requireId('actor.userId', actor?.userId), platformAdmin: actor?.role === commonV1.Role.ROLE_ADMIN };
}

/** int64 fields arrive as decimal strings. */
export function toSafeInteger(field: string, value: string | undefined): number {
  const parsed = Number(value ?? '0');
  if (!Number.isSafeInteger(parsed)) throw new ValidationError(field, `${field} must be an integer`);
  return parsed;
}
