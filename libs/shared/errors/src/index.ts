export { ConflictError, DomainError, ErrorKind, ForbiddenError, NotFoundError, ValidationError } from './domain-error';
