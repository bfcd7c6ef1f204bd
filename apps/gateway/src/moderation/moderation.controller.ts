import { Body, Controller, Delete, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@ovation/auth';
import { ROOM_CLIENT, type RoomClient } from '../downstream/downstream.module';
import { ApiErrors } from '../http/api-errors.decorator';
import { RoomIdParam, UserIdParam } from '../http/path-params';
import { actorOf } from '../rooms/actor';
import { BanBody, ModerationView, MuteBody, MuteView, TargetUserBody } from './moderation.dto';

const moderatorErrors = { 400: true, 401: true, 403: 'Not the owner, a room admin or a platform admin (or the target is the owner)', 404: true } as const;
const ownerErrors = { 400: true, 401: true, 403: 'Not the owner nor a platform admin', 404: true } as const;

/**
 * Mutes, bans and room admins. The owner, a room admin or a platform admin moderates; only the
 * owner or a platform admin appoints admins. The room service decides who is who in the room;
 * guests are turned away here.
 */
@ApiTags('moderation')
@ApiBearerAuth()
@Controller('v1/rooms/:id/moderation')
@Roles('viewer')
export class ModerationController {
  constructor(@Inject(ROOM_CLIENT) private readonly rooms: RoomClient) {}

  @Get()
  @ApiOperation({ summary: 'Room admins, mutes in force and bans' })
  @ApiResponse({ status: 200, type: ModerationView })
  @ApiErrors({ ...moderatorErrors, 403: 'Not the owner, a room admin or a platform admin' })
  async list(@CurrentPrincipal() principal: Principal, @RoomIdParam() id: string): Promise<ModerationView> {
    return ModerationView.of(await this.rooms.listModeration({ actor: actorOf(principal), roomId: id }));
  }

  @Post('mutes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mute a user in the room for durationSeconds (0: until unmuted)' })
  @ApiResponse({ status: 200, type: MuteView })
  @ApiErrors(moderatorErrors)
  async mute(@CurrentPrincipal() principal: Principal, @RoomIdParam() id: string, @Body() body: MuteBody): Promise<MuteView> {
    const { muteUntil } = await this.rooms.mute({
      actor: actorOf(principal),
      roomId: id,
      userId: body.userId,
      durationMs: String(body.durationSeconds * 1000),
      reason: body.reason ?? '',
    });
    return { userId: body.userId, muteUntil: Number(muteUntil) > 0 ? new Date(Number(muteUntil)).toISOString() : null };
  }

  @Delete('mutes/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Lift a mute' })
  @ApiResponse({ status: 204 })
  @ApiErrors(moderatorErrors)
  async unmute(@CurrentPrincipal() principal: Principal, @RoomIdParam() id: string, @UserIdParam() userId: string): Promise<void> {
    await this.rooms.unmute({ actor: actorOf(principal), roomId: id, userId });
  }

  @Post('bans')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ban a user from the room' })
  @ApiResponse({ status: 204 })
  @ApiErrors(moderatorErrors)
  async ban(@CurrentPrincipal() principal: Principal, @RoomIdParam() id: string, @Body() body: BanBody): Promise<void> {
    await this.rooms.ban({ actor: actorOf(principal), roomId: id, userId: body.userId, reason: body.reason ?? '' });
  }

  @Delete('bans/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Lift a ban' })
  @ApiResponse({ status: 204 })
  @ApiErrors(moderatorErrors)
  async unban(@CurrentPrincipal() principal: Principal, @RoomIdParam() id: string, @UserIdParam() userId: string): Promise<void> {
    await this.rooms.unban({ actor: actorOf(principal), roomId: id, userId });
  }

  @Post('admins')
  @HttpCode(204)
  @ApiOperation({ summary: 'Appoint a room admin (the owner or a platform admin)' })
  @ApiResponse({ status: 204 })
  @ApiErrors(ownerErrors)
  async appointAdmin(@CurrentPrincipal() principal: Principal, @RoomIdParam() id: string, @Body() body: TargetUserBody): Promise<void> {
    await this.rooms.appointAdmin({ actor: actorOf(principal), roomId: id, userId: body.userId });
  }

  @Delete('admins/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a room admin (the owner or a platform admin)' })
  @ApiResponse({ status: 204 })
  @ApiErrors(ownerErrors)
  async removeAdmin(@CurrentPrincipal() principal: Principal, @RoomIdParam() id: string, @UserIdParam() userId: string): Promise<void> {
    await this.rooms.removeAdmin({ actor: actorOf(principal), roomId: id, userId });
  }
}
