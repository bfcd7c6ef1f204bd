import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The built browser client, beside the gateway in dist/ (dist/apps/gateway/src/http → dist/apps/web). */
export const DEFAULT_WEB_CLIENT_DIR = resolve(__dirname, '../../../web');

/** Paths that are not pages of the client (the API, its docs, the client's files): never answered with index.html. */
const NOT_PAGES = /^\/(v1(\/|$)|docs(\/|$)|docs-json|openapi\.(json|yaml)|assets\/)/;

/**
 * Serves the demo web client at /: its hashed assets (/assets/) cached for good, index.html for
 * every page a browser asks for (the client routes by path), the API and its docs left untouched.
 * Returns false when the client has not been built (the API works without it).
 */
export function mountWebClient(app: NestExpressApplication, dir: string): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  app.useStaticAssets(join(dir, 'assets'), { prefix: '/assets/', immutable: true, maxAge: '365d' });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || NOT_PAGES.test(request.path) || !request.accepts('html')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
  return true;
}
