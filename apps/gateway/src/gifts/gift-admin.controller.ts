import { Body, Controller, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@ovation/auth';
import { GIFT_CLIENT, type GiftClient } from '../downstream/downstream.module';
import { ApiErrors } from '../http/api-errors.decorator';
import { actorOf } from '../rooms/actor';
import { GiftBody, GiftView } from './gift.dto';

const adminErrors = { 400: true, 401: true, 403: 'Not a platform admin', 404: 'No such gift' } as const;

/** Platform admins edit the catalog; disabled gifts stay in past orders but cannot be sent. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/gifts/:giftId')
@Roles('admin')
export class GiftAdminController {
  constructor(@Inject(GIFT_CLIENT) private readonly gifts: GiftClient) {}

  @Put()
  @ApiOperation({ summary: 'Create a gift, or replace the one with this id' })
  @ApiResponse({ status: 200, type: GiftView })
  @ApiErrors(adminErrors)
  async upsert(@CurrentPrincipal() principal: Principal, @Param('giftId') giftId: string, @Body() body: GiftBody): Promise<GiftView> {
    const { gift } = await this.gifts.upsertGift({ actor: actorOf(principal), gift: body.toProto(giftId) });
    return GiftView.of(gift!);
  }

  @Post('disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a gift out of the catalog' })
  @ApiResponse({ status: 200, type: GiftView })
  @ApiErrors(adminErrors)
  async disable(@CurrentPrincipal() principal: Principal, @Param('giftId') giftId: string): Promise<GiftView> {
    const { gift } = await this.gifts.setGiftEnabled({ actor: actorOf(principal), giftId, enabled: false });
    return GiftView.of(gift!);
  }

  @Post('enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put a disabled gift back into the catalog' })
  @ApiResponse({ status: 200, type: GiftView })
  @ApiErrors(adminErrors)
  async enable(@CurrentPrincipal() principal: Principal, @Param('giftId') giftId: string): Promise<GiftView> {
    const { gift } = await this.gifts.setGiftEnabled({ actor: actorOf(principal), giftId, enabled: true });
    return GiftView.of(gift!);
  }
}
