import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@ovation/auth';
import { GIFT_CLIENT, type GiftClient } from '../downstream/downstream.module';
import { ApiErrors } from '../http/api-errors.decorator';
import { UserIdParam } from '../http/path-params';
import { actorOf } from '../rooms/actor';
import { LedgerEntryView, LedgerPageView, LedgerQuery, RechargeBody, RechargeView, WalletView } from './wallet.dto';

/** The caller's wallet and ledger, and top-ups (a stand-in for a payment provider's callback). */
@ApiTags('wallets')
@ApiBearerAuth()
@Controller('v1/wallets')
@Roles('viewer')
export class WalletsController {
  constructor(@Inject(GIFT_CLIENT) private readonly gifts: GiftClient) {}

  @Get('me')
  @ApiOperation({ summary: 'My balance' })
  @ApiResponse({ status: 200, type: WalletView })
  @ApiErrors({ 401: true, 403: 'A guest' })
  async mine(@CurrentPrincipal() principal: Principal): Promise<WalletView> {
    const { wallet } = await this.gifts.getWallet({ actor: actorOf(principal), userId: principal.userId });
    return WalletView.of(wallet!);
  }

  @Get('me/ledger')
  @ApiOperation({ summary: 'My ledger, newest first, paginated by cursor' })
  @ApiResponse({ status: 200, type: LedgerPageView })
  @ApiErrors({ 400: true, 401: true, 403: 'A guest' })
  async ledger(@CurrentPrincipal() principal: Principal, @Query() query: LedgerQuery): Promise<LedgerPageView> {
    const { entries, page } = await this.gifts.listLedger({ actor: actorOf(principal), userId: principal.userId, page: { cursor: query.cursor ?? '', limit: query.limit ?? 20 } });
    return { entries: entries.map(LedgerEntryView.of), nextCursor: page?.nextCursor ?? '' };
  }

  @Post(':userId/recharges')
  @HttpCode(200)
  @ApiOperation({ summary: 'Top up a wallet once per idempotency key (platform admins; anyone for their own wallet in development)' })
  @ApiResponse({ status: 200, type: RechargeView })
  @ApiErrors({ 400: true, 401: true, 403: 'Not a platform admin (and not development self-service)', 409: 'idempotency_key_reused' })
  async recharge(@CurrentPrincipal() principal: Principal, @UserIdParam() userId: string, @Body() body: RechargeBody): Promise<RechargeView> {
    return this.gifts.recharge({ actor: actorOf(principal), userId, amount: body.amount, idempotencyKey: body.idempotencyKey });
  }
}
