import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import type { ErrorTranslator } from './error-answer';
import { HttpErrorFilter } from './http-error.filter';
import { acceptJsonBodies, type JsonBodyLimits } from './json-body';

export interface PublicHttpOptions {
  logger: Logger;
  /** JSON request bodies the port accepts; without limits, bodies are never read. */
  jsonBody?: JsonBodyLimits;
  /** The service's own exceptions as answers, tried before the shared ones. */
  errorTranslators?: readonly ErrorTranslator[];
}

/**
 * The rules of every public HTTP port, in one place: no `X-Powered-By`, JSON bodies within limits
 * (when the port takes bodies), and every error in the one shape. The app must be created with
 * `bodyParser: false` (bodies are read here), and this runs after the app's own middleware (CORS).
 */
export function servePublicHttp(app: NestExpressApplication, options: PublicHttpOptions): void {
  app.disable('x-powered-by');
  if (options.jsonBody) acceptJsonBodies(app, options.jsonBody);
  app.useGlobalFilters(new HttpErrorFilter(options.logger.child({ component: 'http' }), options.errorTranslators));
}
