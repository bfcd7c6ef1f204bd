import { type ExecutionContext, ForbiddenException, HttpException, UnauthorizedException } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Principal } from '../core/principal';
import { createTokenIssuer } from '../core/token-issuer';
import { createTokenVerifier, type TokenVerifier } from '../core/token-verifier';
import { Public, Roles } from './access.decorators';
import { AuthGuard } from './auth.guard';
import type { AuthenticatedRequest } from './authenticated-request';
import { CurrentPrincipal } from './current-principal.decorator';

const keys = { hs256Secret: 'guard-test-secret-with-at-least-32-bytes', issuer: 'ovation', audience: 'ovation-api' };
const issuer = createTokenIssuer(keys);
const verifier = createTokenVerifier(keys);

@Roles('streamer')
class RoomsController {
  create(): void {}

  @Public()
  list(): void {}

  @Roles('admin')
  ban(): void {}

  @Roles('viewer')
  watch(): void {}

  show(@CurrentPrincipal() _principal: Principal): void {}
}

type Handler = 'create' | 'list' | 'ban' | 'watch';

function httpContext(handler: Handler, request: AuthenticatedRequest, type = 'http'): ExecutionContext {
  return {
    getType: () => type,
    getClass: () => RoomsController,
    getHandler: () => RoomsController.prototype[handler],
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

async function bearer(role: Principal['role'], ttlSeconds = 60): Promise<AuthenticatedRequest> {
  const token = await issuer.issue({ userId: `u-${role}`, displayName: role, role }, ttlSeconds);
  return { headers: { authorization: `Bearer ${token}` } };
}

async function rejection(guard: AuthGuard, context: ExecutionContext): Promise<HttpException> {
  const error = await guard.canActivate(context).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(HttpException);
  return error as HttpException;
}

describe('AuthGuard', () => {
  const guard = new AuthGuard(verifier, new Reflector());

  it('lets a sufficient role through and puts its principal on the request', async () => {
    const request = await bearer('streamer');
    await expect(guard.canActivate(httpContext('create', request))).resolves.toBe(true);
    expect(request.principal).toEqual({ userId: 'u-streamer', displayName: 'streamer', role: 'streamer' });
  });

  it('lets a higher role through a lower requirement, the handler overriding the class', async () => {
    await expect(guard.canActivate(httpContext('create', await bearer('admin')))).resolves.toBe(true);
    await expect(guard.canActivate(httpContext('watch', await bearer('viewer')))).resolves.toBe(true);
  });

  it('answers 403 forbidden in the error shape when the role is too low', async () => {
    const request = await bearer('viewer');
    const error = await rejection(guard, httpContext('ban', request));
    expect(error).toBeInstanceOf(ForbiddenException);
    expect(error.getResponse()).toEqual({ error: { code: 'forbidden', message: expect.stringContaining('admin') } });
    expect(request.principal).toBeUndefined();
  });

  it('answers 401 missing_token without an Authorization header', async () => {
    const error = await rejection(guard, httpContext('create', { headers: {} }));
    expect(error).toBeInstanceOf(UnauthorizedException);
    expect(error.getResponse()).toEqual({ error: { code: 'missing_token', message: expect.any(String) } });
  });

  it('answers 401 expired_token and invalid_token for bad tokens', async () => {
    const expired = await rejection(guard, httpContext('create', await bearer('streamer', -5)));
    expect(expired.getStatus()).toBe(401);
    expect(expired.getResponse()).toMatchObject({ error: { code: 'expired_token' } });

    const garbage = await rejection(guard, httpContext('create', { headers: { authorization: 'Bearer nope' } }));
    expect(garbage.getResponse()).toMatchObject({ error: { code: 'invalid_token' } });
  });

  it('passes @Public() routes without a token', async () => {
    const request: AuthenticatedRequest = { headers: {} };
    await expect(guard.canActivate(httpContext('list', request))).resolves.toBe(true);
    expect(request.principal).toBeUndefined();
  });

  it('lets failures of the verifier itself surface as they are', async () => {
    const down: TokenVerifier = {
      verify: () => Promise.reject(new Error('key set unreachable')),
      verifyWithClaims: () => Promise.reject(new Error('key set unreachable')),
    };
    const failing = new AuthGuard(down, new Reflector());
    await expect(failing.canActivate(httpContext('create', await bearer('streamer')))).rejects.toThrow('key set unreachable');
  });

  it('refuses to guard a non-HTTP context', async () => {
    await expect(guard.canActivate(httpContext('create', await bearer('admin'), 'rpc'))).rejects.toThrow(/HTTP routes only/);
  });
});

describe('CurrentPrincipal', () => {
  it('hands the handler the principal the guard attached', () => {
    const [{ factory }] = Object.values(Reflect.getMetadata(ROUTE_ARGS_METADATA, RoomsController, 'show')) as {
      factory: (data: unknown, context: ExecutionContext) => unknown;
    }[];
    const principal: Principal = { userId: 'u-1', displayName: 'Mei', role: 'viewer' };
    const context = { switchToHttp: () => ({ getRequest: () => ({ headers: {}, principal }) }) } as unknown as ExecutionContext;
    expect(factory(undefined, context)).toBe(principal);
  });
});
