import { runService } from '@ovation/runtime';
import { loadGiftConfig } from './config';
import { GiftModule } from './gift.module';

void runService({
  name: 'gift',
  loadConfig: loadGiftConfig,
  rootModule: GiftModule.forRoot,
  grpc: (config) => ({ domain: 'gift', host: config.GRPC_HOST, port: config.GRPC_PORT }),
});
