import type { NestExpressApplication } from '@nestjs/platform-express';
import { runService, SERVICE_LOGGER } from '@ovation/runtime';
import type { Logger } from 'pino';
import { loadGatewayConfig } from './config';
import { DEGRADED_HEADER } from './degraded/degraded-header';
import { GatewayModule } from './gateway.module';
import { API_BODY_LIMITS } from './http/body-limits';
import { downstreamErrorAnswer } from './http/downstream-error-answer';
import { mountOpenApi } from './http/openapi';
import { validationPipe } from './http/validation';
import { DEFAULT_WEB_CLIENT_DIR, mountWebClient } from './http/web-client';

void runService({
  name: 'gateway',
  loadConfig: loadGatewayConfig,
  rootModule: GatewayModule.forRoot,
  http: (config) => ({
    port: config.HTTP_PORT,
    jsonBody: API_BODY_LIMITS,
    errorTranslators: [downstreamErrorAnswer],
    configure: (app) => {
      // Behind a load balancer the client's address is in X-Forwarded-For; per-IP limits need it.
      (app as NestExpressApplication).set('trust proxy', config.TRUST_PROXY_HOPS);
      app.useGlobalPipes(validationPipe());
      app.enableCors({ exposedHeaders: ['Retry-After', DEGRADED_HEADER] });
      mountOpenApi(app);
      const webClientDir = config.WEB_CLIENT_DIR || DEFAULT_WEB_CLIENT_DIR;
      if (!mountWebClient(app as NestExpressApplication, webClientDir)) {
        app.get<Logger>(SERVICE_LOGGER).warn({ webClientDir }, 'web client not built (node tools/build/build.mjs): / serves only the API');
      }
    },
  }),
});
