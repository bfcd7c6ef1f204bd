import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { roomV1 } from '@ovation/contracts';
import { GrpcErrorFilter } from '@ovation/grpc';
import type { PublishDenial } from '@ovation/room-domain';
import { PublishService } from '@ovation/room-server';
import { toActor } from './actor';

const denialToProto: Record<PublishDenial, roomV1.PublishDenial> = {
  unknown_key: roomV1.PublishDenial.PUBLISH_DENIAL_UNKNOWN_KEY,
  room_ended: roomV1.PublishDenial.PUBLISH_DENIAL_ROOM_ENDED,
  already_live: roomV1.PublishDenial.PUBLISH_DENIAL_ALREADY_LIVE,
};

@Controller()
@UseFilters(GrpcErrorFilter)
export class PublishGrpcController implements Pick<roomV1.RoomServiceController, 'rotateStreamKey' | 'getPublishInfo' | 'authorizePublish'> {
  constructor(private readonly publish: PublishService) {}

  @GrpcMethod('RoomService', 'RotateStreamKey')
  async rotateStreamKey(request: roomV1.RotateStreamKeyRequest): Promise<roomV1.RotateStreamKeyResponse> {
    return { streamKey: await this.publish.rotateKey(toActor(request.actor), request.roomId) };
  }

  @GrpcMethod('RoomService', 'GetPublishInfo')
  async getPublishInfo(request: roomV1.GetPublishInfoRequest): Promise<roomV1.GetPublishInfoResponse> {
    return this.publish.publishInfo(toActor(request.actor), request.roomId);
  }

  @GrpcMethod('RoomService', 'AuthorizePublish')
  async authorizePublish(request: roomV1.AuthorizePublishRequest): Promise<roomV1.AuthorizePublishResponse> {
    const answer = await this.publish.authorize(request.streamKey, request.ingestNode);
    return answer.allowed
      ? { allowed: true, roomId: answer.roomId, denial: roomV1.PublishDenial.PUBLISH_DENIAL_UNSPECIFIED }
      : { allowed: false, roomId: '', denial: denialToProto[answer.denial] };
  }
}
