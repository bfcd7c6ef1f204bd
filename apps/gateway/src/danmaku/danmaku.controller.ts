import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Public, Roles } from '@ovation/auth';
import { randomUUID } from 'node:crypto';
import { ApiErrors } from '../http/api-errors.decorator';
import { ErrorResponse } from '../http/error-response.dto';
import { RoomIdParam } from '../http/path-params';
import { actorOf } from '../rooms/actor';
import { DanmakuAck, ReplayPage, ReplayQuery, SendDanmakuBody } from './danmaku.dto';
import { PUSH_CLIENT, type PushClient } from './push-client';
import { DanmakuNackException } from './nack.exception';

const DEFAULT_REPLAY_LIMIT = 200;

@ApiTags('danmaku')
@Controller('v1/rooms/:id/danmaku')
export class DanmakuController {
  constructor(@Inject(PUSH_CLIENT) private readonly push: PushClient) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: "A time range of a room's danmaku, for replay beside its recording",
    description:
      '`from` and `to` are milliseconds from the start of the live session (`streamStartedAt`); messages come by offset, then stream position, a page at a time.',
  })
  @ApiResponse({ status: 200, type: ReplayPage })
  @ApiErrors({ 400: '`from`, `to`, `limit`, `cursor` or `streamStartedAt` is invalid; `field` names it' })
  async replay(@RoomIdParam() roomId: string, @Query() query: ReplayQuery): Promise<ReplayPage> {
    const response = await this.push.listArchive({
      roomId,
      fromMs: String(query.from ?? 0),
      toMs: String(query.to ?? 0),
      limit: query.limit ?? DEFAULT_REPLAY_LIMIT,
      cursor: query.cursor ?? '',
      streamStartedAtMs: String(query.streamStartedAt ?? 0),
    });
    return ReplayPage.of(response);
  }

  @Post()
  @HttpCode(201)
  @Roles('viewer')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Send a danmaku into a live room (signed-in viewers; guests may not speak)',
    description: 'The same checks as a WebSocket send (length, filter, rate limits, mutes, bans); answered once the message is in the room stream.',
  })
  @ApiResponse({ status: 201, type: DanmakuAck })
  @ApiErrors({
    400: '`text` is empty or too long, or a field is invalid (`field` names it)',
    401: true,
    403: 'A guest, or muted (`muted`) or banned (`banned`) in this room',
    404: true,
    409: 'The room is not live (`room_not_live`)',
  })
  @ApiResponse({ status: 422, type: ErrorResponse, description: 'The text is not allowed (`filtered`)' })
  async send(@CurrentPrincipal() principal: Principal, @RoomIdParam() roomId: string, @Body() body: SendDanmakuBody): Promise<DanmakuAck> {
    const clientMsgId = body.clientMsgId ?? randomUUID();
    const result = await this.push.sendDanmaku({ roomId, user: actorOf(principal), displayName: principal.displayName, clientMsgId, text: body.text });
    if (!result.accepted) throw new DanmakuNackException(result.reason, result.retryAfterMs);
    return { messageId: result.messageId, clientMsgId, position: result.position };
  }
}
