import { runService } from '@ovation/runtime';
import { loadRoomConfig } from './config';
import { RoomModule } from './room.module';

void runService({
  name: 'room',
  loadConfig: loadRoomConfig,
  rootModule: RoomModule.forRoot,
  grpc: (config) => ({ domain: 'room', host: config.GRPC_HOST, port: config.GRPC_PORT }),
});
