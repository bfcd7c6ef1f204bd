import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { Metadata, status } from '@grpc/grpc-js';
import { DomainError, ErrorKind, isDependencyOutage } from '@ovation/errors';
import { Observable, throwError } from 'rxjs';
import { isTransportFailure } from './resilience/transport-failure';

const statusOf: Record<ErrorKind, status> = {
  invalid_argument: status.INVALID_ARGUMENT,
  unauthenticated: status.UNAUTHENTICATED,
  permission_denied: status.PERMISSION_DENIED,
  not_found: status.NOT_FOUND,
  already_exists: status.ALREADY_EXISTS,
  failed_precondition: status.FAILED_PRECONDITION,
  resource_exhausted: status.RESOURCE_EXHAUSTED,
  unavailable: status.UNAVAILABLE,
};

/** Trailing-metadata keys that carry a DomainError's detail to the caller. */
export const ERROR_REASON_KEY = 'ovation-error-reason';
export const ERROR_FIELD_KEY = 'ovation-error-field';

/** Sends a DomainError as its gRPC status, with reason and field in trailing metadata. */
export function toGrpcError(error: DomainError): { code: status; details: string; metadata: Metadata } {
  const metadata = new Metadata();
  metadata.set(ERROR_REASON_KEY, error.reason);
  if (error.field) metadata.set(ERROR_FIELD_KEY, error.field);
  return { code: statusOf[error.kind], details: error.message, metadata };
}

// One line per kind of outage per interval: a down database fails every request, and a log line
// each would bury everything else.
const OUTAGE_LOG_INTERVAL_MS = 10_000;

/**
 * What a handler's failure tells its caller: a DomainError as its status (reason and field in
 * trailing metadata); a dependency that cannot be reached — its database, cache, broker, or a
 * service it calls — as UNAVAILABLE without a reason, which callers treat as a transport failure
 * (retry, circuit breaker) and the gateway answers 503; anything else as INTERNAL, logged as the
 * bug it is.
 */
@Catch()
export class GrpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('GrpcErrorFilter');
  private readonly lastOutageLog = new Map<string, { at: number; suppressed: number }>();

  catch(error: unknown, host: ArgumentsHost): Observable<never> {
    if (error instanceof DomainError) return throwError(() => toGrpcError(error));
    const method = (host.getArgByIndex(2) as { getPath?: () => string } | undefined)?.getPath?.() ?? 'unknown';
    if (isDependencyOutage(error) || isTransportFailure(error)) {
      this.logOutage(error, method);
      return throwError(() => ({ code: status.UNAVAILABLE, details: 'a dependency of this service is unavailable; retry shortly', metadata: new Metadata() }));
    }
    this.logger.error({ err: error, method }, 'unexpected failure of a gRPC handler');
    return throwError(() => ({ code: status.INTERNAL, details: 'internal error', metadata: new Metadata() }));
  }

  private logOutage(error: unknown, method: string): void {
    const kind = String((error as { code?: unknown; name?: unknown }).code ?? (error as { name?: unknown }).name ?? 'outage');
    const now = Date.now();
    const last = this.lastOutageLog.get(kind);
    if (last && now - last.at < OUTAGE_LOG_INTERVAL_MS) {
      last.suppressed += 1;
      return;
    }
    this.lastOutageLog.set(kind, { at: now, suppressed: 0 });
    this.logger.warn({ err: error, method, suppressed: last?.suppressed ?? 0 }, 'a dependency is unavailable: answering UNAVAILABLE');
  }
}
