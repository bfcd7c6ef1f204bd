import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public, type TokenIssuer } from '@ovation/auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { TOKEN_ISSUER } from './auth.tokens';
import { DevTokenRequest, TokenResponse } from './dev-token.dto';

/** Development logins: registered only when DEV_TOKENS_ENABLED=true. */
@ApiTags('auth')
@Controller('v1/dev/tokens')
export class DevTokensController {
  constructor(@Inject(TOKEN_ISSUER) private readonly issuer: TokenIssuer) {}

  @Post()
  @Public()
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue a development token for any user and role (disabled in production)' })
  @ApiResponse({ status: 201, type: TokenResponse })
  @ApiErrors({ 400: true })
  async issue(@Body() body: DevTokenRequest): Promise<TokenResponse> {
    const ttl = body.ttlSeconds ?? 3600;
    const token = await this.issuer.issue({ userId: body.userId, displayName: body.displayName ?? body.userId, role: body.role }, ttl);
    return { token, expiresAt: new Date(Date.now() + ttl * 1000).toISOString() };
  }
}
