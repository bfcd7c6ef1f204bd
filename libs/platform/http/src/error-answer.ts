import { HttpException } from '@nestjs/common';
import { DomainError, type ErrorKind } from '@ovation/errors';
import { type ErrorBody, errorBody, isErrorBody } from './error-body';

/** What a public port sends for a failure: the status, the one error shape, and headers such as Retry-After. */
export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

/** Answers the exceptions only one service knows (the gateway's downstream gRPC errors); undefined for any other. */
export type ErrorTranslator = (exception: unknown) => ErrorAnswer | undefined;

const statusOfKind: Record<ErrorKind, number> = {
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  already_exists: 409,
  failed_precondition: 409,
  resource_exhausted: 429,
  unavailable: 503,
};

const codeOfStatus: Record<number, string> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/** The code of a status answered without a more specific one. */
export function defaultCode(status: number): string {
  return codeOfStatus[status] ?? (status >= 500 ? 'internal' : 'client_error');
}

export const INTERNAL_ERROR: ErrorAnswer = { status: 500, body: errorBody('internal', 'internal error') };

/**
 * The answer to any exception: the service's own translators first, then Nest's HTTP exceptions
 * (their body kept when it already has the shape), then domain errors by kind; anything else is
 * a 500 that shows nothing of what went wrong.
 */
export function answerOf(exception: unknown, translators: readonly ErrorTranslator[]): ErrorAnswer {
  for (const translate of translators) {
    const answer = translate(exception);
    if (answer) return answer;
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const payload = exception.getResponse();
    return { status, body: isErrorBody(payload) ? payload : errorBody(defaultCode(status), exception.message) };
  }
  if (exception instanceof DomainError) {
    return { status: statusOfKind[exception.kind], body: errorBody(exception.reason, exception.message, exception.field) };
  }
  return INTERNAL_ERROR;
}
