import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import type { Principal } from '../core/principal';
import { createTokenIssuer } from '../core/token-issuer';
import { createTokenVerifier } from '../core/token-verifier';
import { Public, Roles } from './access.decorators';
import { AuthGuard } from './auth.guard';
import { CurrentPrincipal } from './current-principal.decorator';
import { TOKEN_VERIFIER } from './token-verifier.token';

// The guard wired the way an app wires it, answering real HTTP through Nest's exception layer.
const keys = { hs256Secret: 'http-guard-secret-with-at-least-32-bytes', issuer: 'ovation', audience: 'ovation-api' };

@Controller('rooms')
class RoomsController {
  @Public()
  @Get()
  list(): string[] {
    return ['r-1'];
  }

  @Roles('streamer')
  @Get('mine')
  mine(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}

@Module({
  controllers: [RoomsController],
  providers: [
    { provide: TOKEN_VERIFIER, useValue: createTokenVerifier(keys) },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
})
class AppModule {}

describe('AuthGuard in a Nest HTTP application', () => {
  let app: INestApplication;
  let baseUrl: string;
  const issuer = createTokenIssuer(keys);

  beforeAll(async () => {
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(() => app.close());

  const get = (path: string, token?: string) =>
    fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('serves public routes to anyone', async () => {
    const response = await get('/rooms');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(['r-1']);
  });

  it('answers 401 with the error shape when the token is missing', async () => {
    const response = await get('/rooms/mine');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'missing_token', message: expect.any(String) } });
  });

  it('answers 403 with the error shape when the role is too low', async () => {
    const response = await get('/rooms/mine', await issuer.issue({ userId: 'u-1', displayName: 'Mei', role: 'viewer' }, 60));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('hands the verified principal to the handler', async () => {
    const streamer: Principal = { userId: 'u-2', displayName: 'Ada', role: 'streamer' };
    const response = await get('/rooms/mine', await issuer.issue(streamer, 60));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(streamer);
  });
});
