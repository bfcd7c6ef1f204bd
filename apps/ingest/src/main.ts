import { runService } from '@ovation/runtime';
import { loadIngestConfig } from './config';
import { IngestModule } from './ingest.module';

void runService({
  name: 'ingest',
  loadConfig: loadIngestConfig,
  rootModule: IngestModule.forRoot,
  grpc: (config) => ({ domain: 'ingest', host: config.GRPC_HOST, port: config.GRPC_PORT }),
});
