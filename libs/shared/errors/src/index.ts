export { ConflictError, DomainError, ErrorKind, ForbiddenError, NotFoundError, ValidationError } from './domain-error';
export { isDependencyOutage } from './dependency-outage';
