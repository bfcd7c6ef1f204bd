import { status as GrpcStatus } from '@grpc/grpc-js';
import { RpcException } from '@nestjs/microservices';
import { DomainError } from '@ovation/errors';
import type { Outcome } from '../metrics/red';

// The caller asked for something wrong; every other status means we (or a dependency) failed.
const GRPC_CLIENT_ERRORS: ReadonlySet<number> = new Set([
  GrpcStatus.INVALID_ARGUMENT,
  GrpcStatus.NOT_FOUND,
  GrpcStatus.ALREADY_EXISTS,
  GrpcStatus.PERMISSION_DENIED,
  GrpcStatus.UNAUTHENTICATED,
  GrpcStatus.FAILED_PRECONDITION,
  GrpcStatus.OUT_OF_RANGE,
]);

export function outcomeOfHttpStatus(statusCode: number): Outcome {
  if (statusCode >= 500) return 'server_error';
  if (statusCode >= 400) return 'client_error';
  return 'ok';
}

/**
 * A DomainError is the caller's fault unless a dependency was unavailable; Nest turns an
 * RpcException's `code` into the gRPC status; any other error becomes UNKNOWN.
 */
export function outcomeOfRpcError(error: unknown): Outcome {
  if (error instanceof DomainError) return error.kind === 'unavailable' ? 'server_error' : 'client_error';
  if (!(error instanceof RpcException)) return 'server_error';
  const detail = error.getError();
  const code = typeof detail === 'object' && detail !== null ? (detail as { code?: unknown }).code : undefined;
  return typeof code === 'number' && GRPC_CLIENT_ERRORS.has(code) ? 'client_error' : 'server_error';
}
