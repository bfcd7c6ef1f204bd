import { type ArgumentsHost, Catch, type ExceptionFilter, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { allowedMethods } from './allowed-methods';
import { answerOf, type ErrorAnswer, type ErrorTranslator } from './error-answer';
import { errorBody } from './error-body';

/**
 * Every failure on a public HTTP port leaves as `{error: {code, message, field?}}` with its status:
 * thrown by a handler, a guard or a pipe, refused by the body reader, or no route at all (404, or
 * 405 with `Allow` when the path exists for other methods). A 5xx is logged as an error with its
 * stack; a 4xx is the client's doing and logged at info, without a stack.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly translators: readonly ErrorTranslator[] = [],
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    // A hybrid app's gRPC server shares the global filters: its errors keep Nest's RPC handling.
    if (host.getType() !== 'http') return;
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const answer = isUnrouted(exception, request) ? unroutedAnswer(request) : withRetryAfter(answerOf(exception, this.translators), exception);
    this.log(answer, exception, request);
    // A stream already under way (HTTP-FLV) cannot change its status: it ends.
    if (response.headersSent) return void response.end();
    response.status(answer.status).set({ 'Cache-Control': 'no-store', ...answer.headers }).json(answer.body);
  }

  private log(answer: ErrorAnswer, exception: unknown, request: Request): void {
    const fields = { status: answer.status, code: answer.body.error.code, method: request.method, path: request.path };
    // 503: a dependency is down or draining, which recovers by itself (its own metrics and alerts
    // say so); a 500 is a bug.
    if (answer.status === 503) this.logger.warn({ ...fields, err: exception }, 'request failed: a dependency is unavailable');
    else if (answer.status >= 500) this.logger.error({ ...fields, err: exception }, 'request failed');
    else this.logger.info(fields, 'request refused');
  }
}

/** Nest's own 404 for a request no route took (a handler's 404 has a route). */
function isUnrouted(exception: unknown, request: Request): boolean {
  return exception instanceof NotFoundException && request.route === undefined;
}

function unroutedAnswer(request: Request): ErrorAnswer {
  const allowed = allowedMethods(request);
  if (allowed.length === 0) return { status: 404, body: errorBody('not_found', `no route ${request.method} ${request.path}`) };
  return {
    status: 405,
    headers: { Allow: allowed.join(', ') },
    body: errorBody('method_not_allowed', `${request.method} is not allowed on ${request.path}; allowed: ${allowed.join(', ')}`),
  };
}

/**
 * 429 and 503 say when to come back: what the refusal hints (a rate limit's window, an open
 * circuit's remaining time), else 1 s.
 */
function withRetryAfter(answer: ErrorAnswer, exception: unknown): ErrorAnswer {
  if ((answer.status !== 429 && answer.status !== 503) || answer.headers?.['Retry-After']) return answer;
  return { ...answer, headers: { ...answer.headers, 'Retry-After': String(retryAfterSeconds(exception)) } };
}

function retryAfterSeconds(exception: unknown): number {
  const hinted = exception as { retryAfterSeconds?: unknown; retryAfterMs?: unknown } | null;
  if (typeof hinted?.retryAfterSeconds === 'number') return Math.max(1, Math.ceil(hinted.retryAfterSeconds));
  if (typeof hinted?.retryAfterMs === 'number') return Math.max(1, Math.ceil(hinted.retryAfterMs / 1000));
  return 1;
}
