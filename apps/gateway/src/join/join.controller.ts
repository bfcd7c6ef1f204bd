import { ConflictException, Controller, ForbiddenException, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, type TokenIssuer } from '@ovation/auth';
import { roomV1 } from '@ovation/contracts';
import { errorBody } from '@ovation/http';
import type { Response } from 'express';
import { JOIN_TOKEN_ISSUER, JOIN_TOKEN_TTL_SECONDS } from '../auth/auth.tokens';
import { DEGRADED_HEADER, markDegraded } from '../degraded/degraded-header';
import { DownstreamMetrics } from '../downstream/downstream-metrics';
import { ROOM_CLIENT, type RoomClient } from '../downstream/downstream.module';
import { ApiErrors } from '../http/api-errors.decorator';
import { RoomIdParam } from '../http/path-params';
import { RoomView } from '../rooms/room.dto';
import { JoinView } from './join.dto';
import { livePlaybackUrls, type PlaybackSigning } from './playback-urls';
import { PushAssigner } from './push-assigner';

export const PLAYBACK_SIGNING = Symbol('PLAYBACK_SIGNING');

/** Joining a room: where to connect for danmaku, the token to connect with, and where to watch. */
@ApiTags('rooms')
@ApiBearerAuth()
@Controller('v1/rooms/:id/join')
export class JoinController {
  constructor(
    @Inject(ROOM_CLIENT) private readonly rooms: RoomClient,
    private readonly push: PushAssigner,
    @Inject(JOIN_TOKEN_ISSUER) private readonly joinTokens: TokenIssuer,
    @Inject(PLAYBACK_SIGNING) private readonly signing: PlaybackSigning,
    private readonly metrics: DownstreamMetrics,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Join a room (any signed-in caller, guests included, but not one banned from it): push node, join token (good on any push node), signed playback URLs' })
  @ApiResponse({ status: 200, type: JoinView })
  @ApiHeader({ name: DEGRADED_HEADER, required: false, description: '`scheduler` when the push URL is a configured fallback because the scheduler could not answer' })
  @ApiErrors({ 400: true, 401: true, 403: 'The caller is banned from the room (`banned`)', 404: true, 409: 'The room has ended (`room_ended`)' })
  async join(@CurrentPrincipal() principal: Principal, @RoomIdParam() id: string, @Res({ passthrough: true }) response: Response): Promise<JoinView> {
    const [{ room }, standing] = await Promise.all([this.rooms.getRoom({ roomId: id }), this.rooms.checkSpeaker({ roomId: id, userId: principal.userId })]);
    if (room!.status === roomV1.RoomStatus.ROOM_STATUS_ENDED) throw new ConflictException(errorBody('room_ended', `room ${id} has ended`));
    // A banned user's socket would be closed at once (4003): the refusal is said here, plainly.
    if (standing.banned) throw new ForbiddenException(errorBody('banned', `you are banned from room ${id}`));
    const [push, joinToken] = await Promise.all([
      this.push.assign(id, principal.userId),
      this.joinTokens.issue(principal, JOIN_TOKEN_TTL_SECONDS, { room: id }),
    ]);
    if (push.degraded) {
      markDegraded(response, 'scheduler');
      this.metrics.servedDegraded('scheduler');
    }
    return {
      room: RoomView.of(room!),
      pushUrl: push.url,
      pushNodeId: push.nodeId,
      joinToken,
      joinTokenExpiresAt: new Date(Date.now() + JOIN_TOKEN_TTL_SECONDS * 1000).toISOString(),
      playback: livePlaybackUrls(id, this.signing),
    };
  }
}
