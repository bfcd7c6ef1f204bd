import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, createTokenIssuer, createTokenVerifier, TOKEN_VERIFIER } from '@ovation/auth';
import type { GatewayConfig } from '../config';
import { JOIN_TOKEN_CLAIMS, JOIN_TOKEN_ISSUER, TOKEN_ISSUER } from './auth.tokens';
import { DevTokensController } from './dev-tokens.controller';
import { GUEST_TOKEN_TTL, GuestTokensController } from './guest-tokens.controller';

@Module({})
export class AuthModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const audience = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
    const signsOwnTokens = Boolean(config.JWT_HS256_SECRET);
    return {
      module: AuthModule,
      global: true,
      controllers: [...(signsOwnTokens ? [GuestTokensController] : []), ...(config.DEV_TOKENS_ENABLED ? [DevTokensController] : [])],
      providers: [
        { provide: TOKEN_VERIFIER, useValue: createTokenVerifier({ ...audience, hs256Secret: config.JWT_HS256_SECRET, jwksUrl: config.JWT_JWKS_URL, maxLifetimeSec: config.JWT_MAX_LIFETIME_SECONDS }) },
        { provide: TOKEN_ISSUER, useValue: config.JWT_HS256_SECRET ? createTokenIssuer({ ...audience, hs256Secret: config.JWT_HS256_SECRET }) : null },
        {
          provide: JOIN_TOKEN_ISSUER,
          useValue: createTokenIssuer({ ...JOIN_TOKEN_CLAIMS, hs256Secret: config.JOIN_TOKEN_SECRET }),
        },
        { provide: GUEST_TOKEN_TTL, useValue: config.GUEST_TOKEN_TTL_SECONDS },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [TOKEN_VERIFIER, TOKEN_ISSUER, JOIN_TOKEN_ISSUER],
    };
  }
}
