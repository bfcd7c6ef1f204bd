import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { commonV1, danmakuV1 } from '@ovation/contracts';
import { formatPosition, nackReasonToProto } from '@ovation/danmaku-domain';
import { DanmakuWriter } from '@ovation/danmaku-server';
import { GrpcErrorFilter } from '@ovation/grpc';
import { PushNode } from '../push-node';

const SPEAKING_ROLES = new Set([commonV1.Role.ROLE_USER, commonV1.Role.ROLE_ADMIN]);

/** The push node's own gRPC: the REST write path (the gateway's POST /v1/rooms/{id}/danmaku) and drains. */
@Controller()
@UseFilters(GrpcErrorFilter)
export class PushGrpcController implements Pick<danmakuV1.PushServiceController, 'sendDanmaku' | 'drain'> {
  constructor(
    private readonly writer: DanmakuWriter,
    private readonly node: PushNode,
  ) {}

  @GrpcMethod('PushService', 'SendDanmaku')
  async sendDanmaku(request: danmakuV1.SendDanmakuRequest): Promise<danmakuV1.SendDanmakuResponse> {
    const user = request.user;
    const outcome = await this.writer.send({
      roomId: request.roomId,
      speaker: { userId: user?.userId ?? '', displayName: request.displayName || (user?.userId ?? ''), canWrite: !!user && SPEAKING_ROLES.has(user.role) },
      clientMsgId: request.clientMsgId,
      text: request.text,
    });
    if (outcome.accepted) {
      return { accepted: true, messageId: outcome.messageId, position: formatPosition(outcome.position), reason: danmakuV1.NackReason.NACK_REASON_UNSPECIFIED, retryAfterMs: 0 };
    }
    return { accepted: false, messageId: '', position: '0', reason: nackReasonToProto(outcome.reason), retryAfterMs: outcome.retryAfterMs };
  }

  @GrpcMethod('PushService', 'Drain')
  drain(request: danmakuV1.DrainRequest): danmakuV1.DrainResponse {
    const connections = this.node.connections;
    void this.node.drain(request.spreadMs > 0 ? request.spreadMs : undefined);
    return { connections };
  }
}
