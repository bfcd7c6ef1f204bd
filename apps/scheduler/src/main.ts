import { runService } from '@ovation/runtime';
import { loadSchedulerConfig } from './config';
import { SchedulerModule } from './scheduler.module';

void runService({
  name: 'scheduler',
  loadConfig: loadSchedulerConfig,
  rootModule: SchedulerModule.forRoot,
  grpc: (config) => ({ domain: 'scheduler', host: config.GRPC_HOST, port: config.GRPC_PORT }),
});
