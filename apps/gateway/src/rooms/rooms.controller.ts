import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Public, Roles } from '@ovation/auth';
import { errorBody } from '@ovation/http';
import { ROOM_CLIENT, type RoomClient } from '../downstream/downstream.module';
import { ApiErrors } from '../http/api-errors.decorator';
import { RoomIdParam } from '../http/path-params';
import { actorOf } from './actor';
import { ListRoomsQuery, pageRequestOf, RoomPage } from './room-page.dto';
import { CreateRoomBody, EndRoomBody, RoomView, UpdateRoomBody } from './room.dto';

@ApiTags('rooms')
@Controller('v1/rooms')
export class RoomsController {
  constructor(@Inject(ROOM_CLIENT) private readonly rooms: RoomClient) {}

  @Post()
  @Roles('streamer')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create a room (streamers); it starts in status `created` with a fresh stream key' })
  @ApiResponse({ status: 201, type: RoomView })
  @ApiErrors({ 400: 'A field is invalid; `field` names it', 401: true, 403: 'Not a streamer' })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateRoomBody): Promise<RoomView> {
    const { room } = await this.rooms.createRoom({ actor: actorOf(principal), title: body.title, category: body.category ?? '', coverUrl: body.coverUrl ?? '' });
    return RoomView.of(room!);
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'Live rooms, most watched first, a page at a time (cursor pagination)' })
  @ApiResponse({ status: 200, type: RoomPage })
  @ApiErrors({ 400: '`cursor` or `limit` is invalid; `field` names it' })
  async list(@Query() query: ListRoomsQuery): Promise<RoomPage> {
    return RoomPage.of(await this.rooms.listLiveRooms({ page: pageRequestOf(query), category: query.category ?? '' }));
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'Get a room' })
  @ApiResponse({ status: 200, type: RoomView })
  @ApiErrors({ 400: 'The id is not a UUID', 404: true })
  async get(@RoomIdParam() id: string): Promise<RoomView> {
    const { room } = await this.rooms.getRoom({ roomId: id });
    return RoomView.of(room!);
  }

  @Patch(':id')
  @Roles('streamer')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Change a room's title, category or cover (its owner or a platform admin)" })
  @ApiResponse({ status: 200, type: RoomView })
  @ApiErrors({ 400: 'A field is invalid, or none is given', 401: true, 403: 'Not the owner nor a platform admin', 404: true, 409: 'The room has ended' })
  async update(@CurrentPrincipal() principal: Principal, @RoomIdParam() id: string, @Body() body: UpdateRoomBody): Promise<RoomView> {
    if (body.title === undefined && body.category === undefined && body.coverUrl === undefined) {
      throw new BadRequestException(errorBody('invalid_argument', 'nothing to change: give title, category or coverUrl'));
    }
    const { room } = await this.rooms.updateRoom({ actor: actorOf(principal), roomId: id, title: body.title, category: body.category, coverUrl: body.coverUrl });
    return RoomView.of(room!);
  }

  @Post(':id/end')
  @HttpCode(200)
  @Roles('streamer')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End a room for good; a live stream is cut (its owner or a platform admin)' })
  @ApiResponse({ status: 200, type: RoomView })
  @ApiErrors({ 400: true, 401: true, 403: 'Not the owner nor a platform admin', 404: true, 409: 'The room has already ended' })
  async end(@CurrentPrincipal() principal: Principal, @RoomIdParam() id: string, @Body() body: EndRoomBody): Promise<RoomView> {
    const { room } = await this.rooms.endRoom({ actor: actorOf(principal), roomId: id, reason: body.reason ?? '' });
    return RoomView.of(room!);
  }
}
