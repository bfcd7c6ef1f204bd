import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { roomV1 } from '@ovation/contracts';
import { GrpcErrorFilter } from '@ovation/grpc';
import { SensitiveWordsService } from '@ovation/room-server';
import { toActor, toSafeInteger } from './actor';

type SensitiveWordMethods = 'viewSensitiveWords' | 'replaceSensitiveWords' | 'editSensitiveWords' | 'getSensitiveWords';

@Controller()
@UseFilters(GrpcErrorFilter)
export class SensitiveWordsGrpcController implements Pick<roomV1.RoomServiceController, SensitiveWordMethods> {
  constructor(private readonly words: SensitiveWordsService) {}

  @GrpcMethod('RoomService', 'ViewSensitiveWords')
  async viewSensitiveWords(request: roomV1.ViewSensitiveWordsRequest): Promise<roomV1.ViewSensitiveWordsResponse> {
    return { list: await this.words.view(toActor(request.actor), request.roomId) };
  }

  @GrpcMethod('RoomService', 'ReplaceSensitiveWords')
  async replaceSensitiveWords(request: roomV1.ReplaceSensitiveWordsRequest): Promise<roomV1.ReplaceSensitiveWordsResponse> {
    return { list: await this.words.replace(toActor(request.actor), request.roomId, request.words) };
  }

  @GrpcMethod('RoomService', 'EditSensitiveWords')
  async editSensitiveWords(request: roomV1.EditSensitiveWordsRequest): Promise<roomV1.EditSensitiveWordsResponse> {
    return { list: await this.words.edit(toActor(request.actor), request.roomId, request.add, request.remove) };
  }

  @GrpcMethod('RoomService', 'GetSensitiveWords')
  async getSensitiveWords(request: roomV1.GetSensitiveWordsRequest): Promise<roomV1.GetSensitiveWordsResponse> {
    return this.words.get(request.roomId, toSafeInteger('knownVersion', request.knownVersion));
  }
}
