import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import { ERROR_FIELD_KEY, ERROR_REASON_KEY } from '@ovation/grpc';
import { defaultCode, type ErrorAnswer, errorBody, INTERNAL_ERROR } from '@ovation/http';

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

/**
 * A downstream's gRPC error (or an open circuit in front of it) as the gateway's answer: the
 * status mapped to HTTP, the reason as code, the field under its REST name. Other exceptions are
 * left to the shared answers of `@ovation/http`.
 */
export function downstreamErrorAnswer(exception: unknown): ErrorAnswer | undefined {
  if (!isGrpcError(exception)) return undefined;
  const status = httpStatusOfGrpc[exception.code] ?? 500;
  if (status >= 500 && status !== 503) return INTERNAL_ERROR;
  const reason = exception.metadata?.get(ERROR_REASON_KEY)[0];
  // A transport failure's details name internal addresses: logged, not shown.
  if (status === 503) return { status, body: errorBody('unavailable', reason === undefined ? 'a service behind the gateway is unavailable; retry shortly' : exception.details) };
  const field = exception.metadata?.get(ERROR_FIELD_KEY)[0];
  const restField = field === undefined ? undefined : (restFieldOf[String(field)] ?? String(field));
  return { status, body: errorBody(String(reason ?? defaultCode(status)), exception.details, restField) };
}
