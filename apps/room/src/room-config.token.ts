/** The validated RoomConfig, for providers that read settings at bootstrap. */
export const ROOM_CONFIG = Symbol('ROOM_CONFIG');
