import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { roomV1 } from '@ovation/contracts';
import { GrpcErrorFilter } from '@ovation/grpc';
import { ModerationService, toProtoStanding } from '@ovation/room-server';
import { toActor, toSafeInteger } from './actor';

type ModerationMethods = 'mute' | 'unmute' | 'ban' | 'unban' | 'appointAdmin' | 'removeAdmin' | 'listModeration' | 'checkSpeaker';

@Controller()
@UseFilters(GrpcErrorFilter)
export class ModerationGrpcController implements Pick<roomV1.RoomServiceController, ModerationMethods> {
  constructor(private readonly moderation: ModerationService) {}

  @GrpcMethod('RoomService', 'Mute')
  async mute(request: roomV1.MuteRequest): Promise<roomV1.MuteResponse> {
    const until = await this.moderation.mute(toActor(request.actor), request.roomId, request.userId, toSafeInteger('durationMs', request.durationMs), request.reason);
    return { muteUntil: String(until) };
  }

  @GrpcMethod('RoomService', 'Unmute')
  async unmute(request: roomV1.UnmuteRequest): Promise<roomV1.UnmuteResponse> {
    await this.moderation.unmute(toActor(request.actor), request.roomId, request.userId);
    return {};
  }

  @GrpcMethod('RoomService', 'Ban')
  async ban(request: roomV1.BanRequest): Promise<roomV1.BanResponse> {
    await this.moderation.ban(toActor(request.actor), request.roomId, request.userId, request.reason);
    return {};
  }

  @GrpcMethod('RoomService', 'Unban')
  async unban(request: roomV1.UnbanRequest): Promise<roomV1.UnbanResponse> {
    await this.moderation.unban(toActor(request.actor), request.roomId, request.userId);
    return {};
  }

  @GrpcMethod('RoomService', 'AppointAdmin')
  async appointAdmin(request: roomV1.AppointAdminRequest): Promise<roomV1.AppointAdminResponse> {
    await this.moderation.appointAdmin(toActor(request.actor), request.roomId, request.userId);
    return {};
  }

  @GrpcMethod('RoomService', 'RemoveAdmin')
  async removeAdmin(request: roomV1.RemoveAdminRequest): Promise<roomV1.RemoveAdminResponse> {
    await this.moderation.removeAdmin(toActor(request.actor), request.roomId, request.userId);
    return {};
  }

  @GrpcMethod('RoomService', 'ListModeration')
  async listModeration(request: roomV1.ListModerationRequest): Promise<roomV1.ListModerationResponse> {
    return this.moderation.list(toActor(request.actor), request.roomId);
  }

  @GrpcMethod('RoomService', 'CheckSpeaker')
  async checkSpeaker(request: roomV1.CheckSpeakerRequest): Promise<roomV1.CheckSpeakerResponse> {
    return toProtoStanding(await this.moderation.checkSpeaker(request.roomId, request.userId));
  }
}
