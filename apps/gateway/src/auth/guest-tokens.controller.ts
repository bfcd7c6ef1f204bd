import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public, type TokenIssuer } from '@ovation/auth';
import { randomBytes } from 'node:crypto';
import { ApiErrors } from '../http/api-errors.decorator';
import { TOKEN_ISSUER } from './auth.tokens';
import { GuestTokenRequest, GuestTokenResponse } from './guest-token.dto';

export const GUEST_TOKEN_TTL = Symbol('GUEST_TOKEN_TTL');

/**
 * Watch-only tokens for people without an account: role `guest` may join rooms and watch, but
 * not chat, like, gift or moderate. Registered whenever the gateway signs its own tokens
 * (JWT_HS256_SECRET); with an external identity provider (JWKS) guests get tokens from it.
 */
@ApiTags('auth')
@Controller('v1/auth/guest')
export class GuestTokensController {
  constructor(
    @Inject(TOKEN_ISSUER) private readonly issuer: TokenIssuer,
    @Inject(GUEST_TOKEN_TTL) private readonly ttlSeconds: number,
  ) {}

  @Post()
  @Public()
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue a watch-only guest token (role guest) with a fresh guest id' })
  @ApiResponse({ status: 201, type: GuestTokenResponse })
  @ApiErrors({ 400: true })
  async issue(@Body() body: GuestTokenRequest): Promise<GuestTokenResponse> {
    const userId = `guest-${randomBytes(8).toString('hex')}`;
    const token = await this.issuer.issue({ userId, displayName: body.displayName ?? 'Guest', role: 'guest' }, this.ttlSeconds);
    return { token, userId, expiresAt: new Date(Date.now() + this.ttlSeconds * 1000).toISOString() };
  }
}
