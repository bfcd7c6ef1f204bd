import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import { ERROR_FIELD_KEY, ERROR_REASON_KEY } from '@ovation/grpc';
import type { Response } from 'express';
import { errorBody, ErrorBody } from './error-body';

const httpStatusOfGrpc: Partial<Record<GrpcStatus, number>> = {
  [GrpcStatus.INVALID_ARGUMENT]: 400,
  [GrpcStatus.OUT_OF_RANGE]: 400,
  [GrpcStatus.UNAUTHENTICATED]: 401,
  [GrpcStatus.PERMISSION_DENIED]: 403,
  [GrpcStatus.NOT_FOUND]: 404,
  [GrpcStatus.ALREADY_EXISTS]: 409,
  [GrpcStatus.FAILED_PRECONDITION]: 409,
  [GrpcStatus.ABORTED]: 409,
  [GrpcStatus.RESOURCE_EXHAUSTED]: 429,
  [GrpcStatus.UNAVAILABLE]: 503,
  [GrpcStatus.DEADLINE_EXCEEDED]: 503,
};

interface GrpcError {
  code: GrpcStatus;
  details: string;
  metadata?: Metadata;
}

/** Downstream request fields under the names the REST API gives them. */
const restFieldOf: Record<string, string> = {
  'page.cursor': 'cursor',
  'page.limit': 'limit',
  durationMs: 'durationSeconds',
};

function isGrpcError(error: unknown): error is GrpcError {
  return typeof error === 'object' && error !== null && typeof (error as GrpcError).code === 'number' && 'details' in error;
}

/** Every failure leaves the gateway as `{error: {code, message, field?}}` with the right status. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.translate(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    const retryAfter = retryAfterSeconds(exception, status);
    if (retryAfter !== undefined) response.setHeader('Retry-After', String(retryAfter));
    response.status(status).json(body);
  }

  private translate(exception: unknown): [number, ErrorBody] {
    if (exception instanceof HttpException) {
      const payload = exception.getResponse();
      if (typeof payload === 'object' && payload !== null && 'error' in payload && typeof payload.error === 'object') {
        return [exception.getStatus(), payload as ErrorBody];
      }
      return [exception.getStatus(), errorBody(httpCode(exception.getStatus()), exception.message)];
    }
    if (isGrpcError(exception)) {
      const status = httpStatusOfGrpc[exception.code] ?? 500;
      if (status >= 500 && status !== 503) return [500, errorBody('internal', 'internal error')];
      const reason = exception.metadata?.get(ERROR_REASON_KEY)[0];
      // A transport failure's details name internal addresses: logged above, not shown.
      if (status === 503) return [503, errorBody('unavailable', reason === undefined ? 'a service behind the gateway is unavailable; retry shortly' : exception.details)];
      const field = exception.metadata?.get(ERROR_FIELD_KEY)[0];
      const restField = field === undefined ? undefined : (restFieldOf[String(field)] ?? String(field));
      return [status, errorBody(String(reason ?? httpCode(status)), exception.details, restField)];
    }
    return [500, errorBody('internal', 'internal error')];
  }
}

/**
 * Seconds a client should wait before trying again: what the refusal says (a rate limit's
 * window, an open circuit's remaining time), else 1 s for 429 and 503.
 */
function retryAfterSeconds(exception: unknown, status: number): number | undefined {
  if (status !== 429 && status !== 503) return undefined;
  const hinted = exception as { retryAfterSeconds?: unknown; retryAfterMs?: unknown } | null;
  if (typeof hinted?.retryAfterSeconds === 'number') return Math.max(1, Math.ceil(hinted.retryAfterSeconds));
  if (typeof hinted?.retryAfterMs === 'number') return Math.max(1, Math.ceil(hinted.retryAfterMs / 1000));
  return 1;
}

function httpCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'invalid_argument',
    401: 'unauthenticated',
    403: 'permission_denied',
    404: 'not_found',
    409: 'conflict',
    429: 'rate_limited',
    503: 'unavailable',
  };
  return codes[status] ?? (status >= 500 ? 'internal' : 'error');
}
