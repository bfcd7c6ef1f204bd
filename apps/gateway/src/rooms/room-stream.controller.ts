import { Controller, Get, Header, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@ovation/auth';
import { SERVICE_LOGGER } from '@ovation/runtime';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { DEGRADED_HEADER, markDegraded } from '../degraded/degraded-header';
import { DownstreamMetrics } from '../downstream/downstream-metrics';
import { ROOM_CLIENT, type RoomClient, SCHEDULER_CLIENT, type SchedulerClient } from '../downstream/downstream.module';
import { ApiErrors } from '../http/api-errors.decorator';
import { RoomIdParam } from '../http/path-params';
import { actorOf } from './actor';
import { PublishInfoView, StreamKeyView } from './stream.dto';

/** The broadcaster's side of a room: where to push RTMP, and the secret stream key. */
@ApiTags('rooms')
@ApiBearerAuth()
@Controller('v1/rooms/:id')
@Roles('streamer')
export class RoomStreamController {
  constructor(
    @Inject(ROOM_CLIENT) private readonly rooms: RoomClient,
    @Inject(SCHEDULER_CLIENT) private readonly scheduler: SchedulerClient,
    private readonly metrics: DownstreamMetrics,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  @Get('publish')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Where to push RTMP and with which stream key (the owner only)' })
  @ApiResponse({ status: 200, type: PublishInfoView })
  @ApiHeader({ name: DEGRADED_HEADER, required: false, description: '`scheduler` when no ingest node could be assigned and the default RTMP URL is given' })
  @ApiErrors({ 400: true, 401: true, 403: "Not the room's owner", 404: true, 409: 'The room has ended' })
  async publishInfo(
    @CurrentPrincipal() principal: Principal,
    @RoomIdParam() id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PublishInfoView> {
    // Both at once: the room answers who may see the key, the scheduler which node takes the stream.
    const [info, ingest] = await Promise.all([
      this.rooms.getPublishInfo({ actor: actorOf(principal), roomId: id }),
      this.scheduler.assignIngest({ roomId: id }).catch((error: unknown) => {
        this.logger.warn({ err: error, roomId: id }, 'scheduler could not assign an ingest node; using the default RTMP URL');
        return undefined;
      }),
    ]);
    if (!ingest) {
      markDegraded(response, 'scheduler');
      this.metrics.servedDegraded('scheduler');
    }
    const rtmpUrl = ingest?.rtmpUrl || info.rtmpUrl;
    return { rtmpUrl, streamKey: info.streamKey, publishUrl: `${rtmpUrl.replace(/\/+$/, '')}/${info.streamKey}`, ingestNode: ingest?.nodeId ?? info.ingestNode };
  }

  @Post('stream-key/rotate')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Replace the stream key (the owner only); the old key stops authorizing new publishes' })
  @ApiResponse({ status: 200, type: StreamKeyView })
  @ApiErrors({ 400: true, 401: true, 403: "Not the room's owner", 404: true, 409: 'The room has ended' })
  async rotate(@CurrentPrincipal() principal: Principal, @RoomIdParam() id: string): Promise<StreamKeyView> {
    const { streamKey } = await this.rooms.rotateStreamKey({ actor: actorOf(principal), roomId: id });
    return { streamKey };
  }
}
