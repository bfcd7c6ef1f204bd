import { Body, Controller, Get, Inject, Patch, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Roles } from '@ovation/auth';
import { ROOM_CLIENT, type RoomClient } from '../downstream/downstream.module';
import { ApiErrors } from '../http/api-errors.decorator';
import { RoomIdParam } from '../http/path-params';
import { actorOf } from '../rooms/actor';
import { EditSensitiveWordsBody, ReplaceSensitiveWordsBody, SensitiveWordsView } from './sensitive-words.dto';

const ANNOUNCED = 'Every push node filters with the new version within seconds.';

/** The three operations on one list (roomId '' is the platform's); the room service decides who may. */
class SensitiveWordRoutes {
  constructor(private readonly rooms: RoomClient) {}

  async view(principal: Principal, roomId: string): Promise<SensitiveWordsView> {
    return SensitiveWordsView.of((await this.rooms.viewSensitiveWords({ actor: actorOf(principal), roomId })).list);
  }

  async replace(principal: Principal, roomId: string, body: ReplaceSensitiveWordsBody): Promise<SensitiveWordsView> {
    return SensitiveWordsView.of((await this.rooms.replaceSensitiveWords({ actor: actorOf(principal), roomId, words: body.words })).list);
  }

  async edit(principal: Principal, roomId: string, body: EditSensitiveWordsBody): Promise<SensitiveWordsView> {
    return SensitiveWordsView.of((await this.rooms.editSensitiveWords({ actor: actorOf(principal), roomId, add: body.add ?? [], remove: body.remove ?? [] })).list);
  }
}

const adminErrors = { 400: true, 401: true, 403: 'Not a platform admin' } as const;

/** The platform's sensitive-word list, applied in every room: platform admins only. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/sensitive-words')
@Roles('admin')
export class PlatformSensitiveWordsController {
  private readonly routes: SensitiveWordRoutes;

  constructor(@Inject(ROOM_CLIENT) rooms: RoomClient) {
    this.routes = new SensitiveWordRoutes(rooms);
  }

  @Get()
  @ApiOperation({ summary: "The platform's sensitive-word list" })
  @ApiResponse({ status: 200, type: SensitiveWordsView })
  @ApiErrors(adminErrors)
  view(@CurrentPrincipal() principal: Principal): Promise<SensitiveWordsView> {
    return this.routes.view(principal, '');
  }

  @Put()
  @ApiOperation({ summary: "Replace the platform's sensitive-word list", description: ANNOUNCED })
  @ApiResponse({ status: 200, type: SensitiveWordsView })
  @ApiErrors(adminErrors)
  replace(@CurrentPrincipal() principal: Principal, @Body() body: ReplaceSensitiveWordsBody): Promise<SensitiveWordsView> {
    return this.routes.replace(principal, '', body);
  }

  @Patch()
  @ApiOperation({ summary: "Add and remove entries of the platform's sensitive-word list", description: ANNOUNCED })
  @ApiResponse({ status: 200, type: SensitiveWordsView })
  @ApiErrors(adminErrors)
  edit(@CurrentPrincipal() principal: Principal, @Body() body: EditSensitiveWordsBody): Promise<SensitiveWordsView> {
    return this.routes.edit(principal, '', body);
  }
}

const ownerErrors = { 400: true, 401: true, 403: 'Not the owner nor a platform admin', 404: true } as const;

/** A room's own sensitive words, applied with the platform's: its owner or a platform admin. */
@ApiTags('moderation')
@ApiBearerAuth()
@Controller('v1/rooms/:id/sensitive-words')
@Roles('viewer')
export class RoomSensitiveWordsController {
  private readonly routes: SensitiveWordRoutes;

  constructor(@Inject(ROOM_CLIENT) rooms: RoomClient) {
    this.routes = new SensitiveWordRoutes(rooms);
  }

  @Get()
  @ApiOperation({ summary: "The room's own sensitive-word list" })
  @ApiResponse({ status: 200, type: SensitiveWordsView })
  @ApiErrors(ownerErrors)
  view(@CurrentPrincipal() principal: Principal, @RoomIdParam() id: string): Promise<SensitiveWordsView> {
    return this.routes.view(principal, id);
  }

  @Put()
  @ApiOperation({ summary: "Replace the room's own sensitive-word list", description: ANNOUNCED })
  @ApiResponse({ status: 200, type: SensitiveWordsView })
  @ApiErrors(ownerErrors)
  replace(@CurrentPrincipal() principal: Principal, @RoomIdParam() id: string, @Body() body: ReplaceSensitiveWordsBody): Promise<SensitiveWordsView> {
    return this.routes.replace(principal, id, body);
  }

  @Patch()
  @ApiOperation({ summary: "Add and remove entries of the room's own sensitive-word list", description: ANNOUNCED })
  @ApiResponse({ status: 200, type: SensitiveWordsView })
  @ApiErrors(ownerErrors)
  edit(@CurrentPrincipal() principal: Principal, @RoomIdParam() id: string, @Body() body: EditSensitiveWordsBody): Promise<SensitiveWordsView> {
    return this.routes.edit(principal, id, body);
  }
}
