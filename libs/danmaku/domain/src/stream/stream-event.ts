import type { roomV1 } from '@ovation/contracts';

/** The kinds of things that happen in a room, as the protocol names them. */
export const EVENT_TYPES = ['chat', 'like', 'gift', 'online', 'state', 'system'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A room event with its position in the room's stream. */
export interface StreamEvent {
  position: number;
  event: roomV1.RoomEvent;
}

/** The payload kind of a room event; undefined for an event with no payload this build knows. */
export function eventTypeOf(event: roomV1.RoomEvent): EventType | undefined {
  return EVENT_TYPES.find((type) => event[type] !== undefined && event[type] !== null);
}

/** Gift effects, room state and system notices reach every viewer; only plain chat may be sampled away. */
export function isDroppable(event: roomV1.RoomEvent): boolean {
  return event.chat !== undefined && event.chat !== null;
}
