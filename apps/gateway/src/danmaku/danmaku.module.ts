import { DynamicModule, Module } from '@nestjs/common';
import { danmakuV1 } from '@ovation/contracts';
import type { GatewayConfig } from '../config';
import { downstreamClientProvider } from '../downstream/downstream-client';
import { DanmakuController } from './danmaku.controller';
import { PUSH_CLIENT } from './push-client';

/** Danmaku over REST: sends (the push node's write path) and replay reads of the archive. */
@Module({})
export class DanmakuModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: DanmakuModule,
      controllers: [DanmakuController],
      providers: [
        downstreamClientProvider<danmakuV1.PushServiceClient>(PUSH_CLIENT, config, {
          name: 'danmaku-push',
          domain: 'danmaku',
          service: 'PushService',
          address: config.PUSH_GRPC_URL,
          // A send is not retried here: the client resends with its clientMsgId.
          idempotent: ['listArchive'],
        }),
      ],
    };
  }
}
