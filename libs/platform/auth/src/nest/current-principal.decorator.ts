import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '../core/principal';
import type { AuthenticatedRequest } from './authenticated-request';

/** The Principal the AuthGuard verified; undefined on @Public() routes. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined => context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);
