import { runService } from '@ovation/runtime';
import { loadPushConfig } from './config';
import { PushModule } from './push.module';
import { PushNode } from './push-node';

void runService({
  name: 'danmaku-push',
  loadConfig: loadPushConfig,
  rootModule: PushModule.forRoot,
  grpc: (config) => ({ domain: 'danmaku', host: config.GRPC_HOST, port: config.GRPC_PORT }),
  // The Kubernetes preStop hook: POST /drain on the ops port; an operator's POST /undrain returns the node to service.
  opsActions: {
    token: (config) => config.OPS_TOKEN,
    routes: (app) => ({ '/drain': () => app.get(PushNode).drain(), '/undrain': () => app.get(PushNode).undrain() }),
  },
});
