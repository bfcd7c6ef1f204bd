import { runService } from '@ovation/runtime';
import { loadPlaybackConfig } from './config';
import { PlaybackModule } from './playback.module';

void runService({
  name: 'playback',
  loadConfig: loadPlaybackConfig,
  rootModule: PlaybackModule.forRoot,
  grpc: (config) => ({ domain: 'playback', host: config.GRPC_HOST, port: config.GRPC_PORT }),
  // Players load media from other origins (the web client, a CDN's edge): media is public to any origin holding a signed URL.
  http: (config) => ({ port: config.HTTP_PORT, configure: (app) => app.enableCors() }),
});
