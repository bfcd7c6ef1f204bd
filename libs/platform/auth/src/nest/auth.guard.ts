import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { errorBody } from '@ovation/http';
import { AuthError } from '../core/auth-error';
import { bearerToken } from '../core/bearer-token';
import type { Role } from '../core/principal';
import { hasRole } from '../core/roles';
import type { TokenVerifier } from '../core/token-verifier';
import { PUBLIC_KEY, ROLES_KEY } from './access.decorators';
import type { AuthenticatedRequest } from './authenticated-request';
import { TOKEN_VERIFIER } from './token-verifier.token';

/** 401 for who-are-you, 403 for not-allowed, in the API's `{ error: { code, message } }` shape. */
function httpExceptionOf(error: AuthError): HttpException {
  const body = errorBody(error.code, error.message);
  return error.code === 'forbidden' ? new ForbiddenException(body) : new UnauthorizedException(body);
}

/**
 * Guards HTTP routes: verifies the bearer token, puts the Principal on the request, and checks
 * @Roles(). Routes marked @Public() pass untouched. Sockets use the TokenVerifier directly.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    if (context.getType() !== 'http') {
      // Failing loudly beats silently letting an unguarded transport through.
      throw new Error(`AuthGuard guards HTTP routes only, not ${context.getType()}`);
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    try {
      const principal = await this.verifier.verify(bearerToken(request.headers.authorization));
      if (!hasRole(principal, required)) {
        throw new AuthError('forbidden', `requires one of the roles: ${required.join(', ')}`);
      }
      request.principal = principal;
      return true;
    } catch (error) {
      throw error instanceof AuthError ? httpExceptionOf(error) : error;
    }
  }
}
