/** The service's validated configuration. */
export const INGEST_CONFIG = Symbol('INGEST_CONFIG');
/** The gRPC client of the room service (AuthorizePublish). */
export const ROOM_CLIENT = Symbol('ROOM_CLIENT');
