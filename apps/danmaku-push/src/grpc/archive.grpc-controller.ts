import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { danmakuV1, roomV1 } from '@ovation/contracts';
import { ArchivedMessage, ArchiveReader } from '@ovation/danmaku-server';
import { GrpcErrorFilter } from '@ovation/grpc';

/** Replay reads of the chat archive: any push node answers (they share the danmaku database). */
@Controller()
@UseFilters(GrpcErrorFilter)
export class ArchiveGrpcController implements Pick<danmakuV1.PushServiceController, 'listArchive'> {
  constructor(private readonly reader: ArchiveReader) {}

  @GrpcMethod('PushService', 'ListArchive')
  async listArchive(request: danmakuV1.ListArchiveRequest): Promise<danmakuV1.ListArchiveResponse> {
    const page = await this.reader.list({
      roomId: request.roomId,
      fromMs: Number(request.fromMs),
      toMs: Number(request.toMs) || undefined,
      limit: request.limit,
      cursor: request.cursor || undefined,
      streamStartedAtMs: Number(request.streamStartedAtMs) || undefined,
    });
    return { messages: page.messages.map(toArchivedChat), nextCursor: page.nextCursor ?? '', streamStartedAtMs: String(page.streamStartedAtMs ?? 0) };
  }
}

function toArchivedChat(message: ArchivedMessage): danmakuV1.ArchivedChat {
  return {
    messageId: message.messageId,
    clientMsgId: message.clientMsgId,
    userId: message.userId,
    displayName: message.displayName,
    text: message.text,
    role: roomV1.roomRoleFromJSON(message.role),
    offsetMs: String(message.offsetMs),
    position: message.position,
    sentAtMs: String(message.sentAtMs),
  };
}
