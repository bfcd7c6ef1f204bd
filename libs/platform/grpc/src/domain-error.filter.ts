import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Metadata, status } from '@grpc/grpc-js';
import { DomainError, ErrorKind } from '@ovation/errors';
import { Observable, throwError } from 'rxjs';

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

@Catch(DomainError)
export class DomainErrorFilter implements RpcExceptionFilter<DomainError> {
  catch(error: DomainError, _host: ArgumentsHost): Observable<never> {
    return throwError(() => toGrpcError(error));
  }
}
