import { SetMetadata } from '@nestjs/common';
import type { Role } from '../core/principal';

export const ROLES_KEY = 'ovation:roles';
export const PUBLIC_KEY = 'ovation:public';

/** The route needs one of these roles, or a higher one (see hasRole); on a class, every route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The route is open to anyone: the AuthGuard neither asks for nor reads a token. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
