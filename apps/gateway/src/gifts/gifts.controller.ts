import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Public, Roles } from '@ovation/auth';
import { GIFT_CLIENT, type GiftClient } from '../downstream/downstream.module';
import { ApiErrors } from '../http/api-errors.decorator';
import { RoomIdParam } from '../http/path-params';
import { actorOf } from '../rooms/actor';
import { CatalogView, GiftView, LeaderboardView, LimitQuery, periodToProto, RankedView, RankingQuery, SendGiftBody, SendGiftView } from './gift.dto';

/** The catalog, sending gifts into a room, and the boards they feed. */
@ApiTags('gifts')
@Controller('v1')
export class GiftsController {
  constructor(@Inject(GIFT_CLIENT) private readonly gifts: GiftClient) {}

  @Get('gifts')
  @Public()
  @ApiOperation({ summary: 'The gift catalog (enabled gifts, in catalog order)' })
  @ApiResponse({ status: 200, type: CatalogView })
  @ApiErrors({})
  async catalog(): Promise<CatalogView> {
    return { gifts: (await this.gifts.listCatalog({ includeDisabled: false })).gifts.map(GiftView.of) };
  }

  @Post('rooms/:id/gifts')
  @Roles('viewer')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Send a gift to the room’s streamer; retries with the same idempotencyKey charge once' })
  @ApiResponse({ status: 200, type: SendGiftView })
  @ApiErrors({
    400: 'A field is invalid (e.g. count out of range); `field` names it',
    401: true,
    403: 'A guest, or the streamer of this room',
    404: 'No such room, or an unknown or disabled gift (code gift_not_found)',
    409: 'insufficient_balance, room_not_live, or idempotency_key_reused',
  })
  async send(@CurrentPrincipal() principal: Principal, @RoomIdParam() id: string, @Body() body: SendGiftBody): Promise<SendGiftView> {
    const result = await this.gifts.sendGift({
      sender: actorOf(principal),
      senderName: principal.displayName,
      roomId: id,
      giftId: body.giftId,
      count: body.count,
      idempotencyKey: body.idempotencyKey,
    });
    return { orderId: result.orderId, balance: result.balance, duplicate: result.duplicate };
  }

  @Get('rooms/:id/leaderboard')
  @Public()
  @ApiOperation({ summary: 'The room’s top contributors (all time)' })
  @ApiResponse({ status: 200, type: LeaderboardView })
  @ApiErrors({ 400: true })
  async roomLeaderboard(@RoomIdParam() id: string, @Query() query: LimitQuery): Promise<LeaderboardView> {
    const { entries } = await this.gifts.roomLeaderboard({ roomId: id, limit: query.limit ?? 10 });
    return { entries: entries.map(RankedView.of) };
  }

  @Get('rankings/streamers')
  @Public()
  @ApiOperation({ summary: 'Streamers ranked by gifts received today, this ISO week (UTC) or all time' })
  @ApiResponse({ status: 200, type: LeaderboardView })
  @ApiErrors({ 400: true })
  async streamerRanking(@Query() query: RankingQuery): Promise<LeaderboardView> {
    const { entries } = await this.gifts.streamerRanking({ period: periodToProto[query.period ?? 'day'], limit: query.limit ?? 10 });
    return { entries: entries.map(RankedView.of) };
  }
}
