import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { DomainError, ErrorKind } from '@ovation/errors';
import type { Response } from 'express';

const statusOf: Record<ErrorKind, number> = {
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  already_exists: 409,
  failed_precondition: 409,
  resource_exhausted: 429,
  unavailable: 503,
};

/** A refused playback request answers `{error: {code, message}}` with its status (403 for a bad signature). */
@Catch(DomainError)
export class PlaybackErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return void response.end();
    response.status(statusOf[error.kind]).setHeader('Cache-Control', 'no-store').json({ error: { code: error.reason, message: error.message } });
  }
}
