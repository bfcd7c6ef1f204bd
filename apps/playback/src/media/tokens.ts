/** The service's validated configuration. */
export const PLAYBACK_CONFIG = Symbol('PLAYBACK_CONFIG');
/** The gRPC client of the room service (GetRoom). */
export const ROOM_CLIENT = Symbol('ROOM_CLIENT');
