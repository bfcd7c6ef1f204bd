import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { roomV1 } from '@ovation/contracts';
import { GrpcErrorFilter } from '@ovation/grpc';
import { RoomPage, RoomsService } from '@ovation/room-server';
import { toActor } from './actor';

type RoomMethods = 'createRoom' | 'getRoom' | 'listLiveRooms' | 'listOwnerRooms' | 'updateRoom' | 'endRoom';

@Controller()
@UseFilters(GrpcErrorFilter)
export class RoomGrpcController implements Pick<roomV1.RoomServiceController, RoomMethods> {
  constructor(private readonly rooms: RoomsService) {}

  @GrpcMethod('RoomService', 'CreateRoom')
  async createRoom(request: roomV1.CreateRoomRequest): Promise<roomV1.CreateRoomResponse> {
    return { room: await this.rooms.create(toActor(request.actor), { title: request.title, category: request.category, coverUrl: request.coverUrl }) };
  }

  @GrpcMethod('RoomService', 'GetRoom')
  async getRoom(request: roomV1.GetRoomRequest): Promise<roomV1.GetRoomResponse> {
    return { room: await this.rooms.get(request.roomId) };
  }

  @GrpcMethod('RoomService', 'ListLiveRooms')
  async listLiveRooms(request: roomV1.ListLiveRoomsRequest): Promise<roomV1.ListLiveRoomsResponse> {
    return toPage(await this.rooms.listLive(request.category, { cursor: request.page?.cursor, limit: request.page?.limit }));
  }

  @GrpcMethod('RoomService', 'ListOwnerRooms')
  async listOwnerRooms(request: roomV1.ListOwnerRoomsRequest): Promise<roomV1.ListOwnerRoomsResponse> {
    return toPage(await this.rooms.listOwner(request.ownerId, { cursor: request.page?.cursor, limit: request.page?.limit }));
  }

  @GrpcMethod('RoomService', 'UpdateRoom')
  async updateRoom(request: roomV1.UpdateRoomRequest): Promise<roomV1.UpdateRoomResponse> {
    const details = {
      ...(request.title != null && { title: request.title }),
      ...(request.category != null && { category: request.category }),
      ...(request.coverUrl != null && { coverUrl: request.coverUrl }),
    };
    return { room: await this.rooms.update(toActor(request.actor), request.roomId, details) };
  }

  @GrpcMethod('RoomService', 'EndRoom')
  async endRoom(request: roomV1.EndRoomRequest): Promise<roomV1.EndRoomResponse> {
    return { room: await this.rooms.end(toActor(request.actor), request.roomId, request.reason) };
  }
}

function toPage(page: RoomPage): { rooms: roomV1.Room[]; page: { nextCursor: string } } {
  return { rooms: page.rooms, page: { nextCursor: page.nextCursor } };
}
