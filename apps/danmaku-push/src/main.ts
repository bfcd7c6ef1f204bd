import { runService } from '@ovation/runtime';
import { loadPushConfig } from './config';
import { PushModule } from './push.module';

void runService({
  name: 'danmaku-push',
  loadConfig: loadPushConfig,
  rootModule: PushModule.forRoot,
  grpc: (config) => ({ domain: 'danmaku', host: config.GRPC_HOST, port: config.GRPC_PORT }),
});
