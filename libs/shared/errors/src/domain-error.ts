/**
 * What went wrong, in terms every transport can translate: gRPC status codes at the services,
 * HTTP statuses and the `{error: {code, message, field}}` body at the gateway.
 */
export type ErrorKind =
  | 'invalid_argument'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'already_exists'
  | 'failed_precondition'
  | 'resource_exhausted'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** A machine-readable reason more specific than the kind, e.g. `room_not_live`. */
    readonly reason: string = kind,
    /** The request field at fault, for invalid_argument. */
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(field: string, message: string) {
    super('invalid_argument', message, 'invalid_argument', field);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    // Reasons are codes: `media file` reads `media_file_not_found`.
    super('not_found', `${what} ${id} does not exist`, `${what.replace(/ /g, '_')}_not_found`);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string, reason = 'forbidden') {
    super('permission_denied', message, reason);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, reason = 'conflict') {
    super('failed_precondition', message, reason);
  }
}
