import type { Principal } from '@ovation/auth';
import { commonV1 } from '@ovation/contracts';

/** The verified caller, as the services expect it. Room-level powers are the room service's call. */
export function actorOf(principal: Principal): commonV1.Actor {
  return { userId: principal.userId, role: principal.role === 'admin' ? commonV1.Role.ROLE_ADMIN : commonV1.Role.ROLE_USER };
}
