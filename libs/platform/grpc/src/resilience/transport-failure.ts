import { status } from '@grpc/grpc-js';
import { ERROR_REASON_KEY } from '../grpc-error.filter';

interface GrpcLikeError {
  code: number;
  metadata?: { get(key: string): unknown[] };
}

function isGrpcLikeError(error: unknown): error is GrpcLikeError {
  return typeof error === 'object' && error !== null && typeof (error as GrpcLikeError).code === 'number';
}

// Statuses a sick or unreachable server produces. A healthy server answering one of them on
// purpose (a DomainError: "no push node can take the viewer") attaches a reason; that is an
// answer, not a failure of the dependency.
const TRANSPORT_STATUSES = new Set<number>([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.INTERNAL, status.UNKNOWN]);

/** True when the call failed because the dependency is down, slow or broken, not because it said no. */
export function isTransportFailure(error: unknown): boolean {
  if (!isGrpcLikeError(error) || !TRANSPORT_STATUSES.has(error.code)) return false;
  const reason = error.metadata?.get(ERROR_REASON_KEY) ?? [];
  return reason.length === 0;
}

/**
 * True for failures worth another attempt of an idempotent call: the server was not reached.
 * A deadline that passed is not retried: the caller's time is spent, and a slow server gets no
 * relief from being asked again.
 */
export function isRetryableFailure(error: unknown): boolean {
  return isTransportFailure(error) && (error as GrpcLikeError).code === status.UNAVAILABLE;
}
