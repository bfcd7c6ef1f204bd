import { ConflictError } from '@ovation/errors';

/** A room's life: created → live → ended. `ended` is final; a live room may also end on stream loss. */
export type RoomStatus = 'created' | 'live' | 'ended';

const allowed: Record<RoomStatus, readonly RoomStatus[]> = {
  created: ['live', 'ended'],
  live: ['ended'],
  ended: [],
};

export class LifecycleError extends ConflictError {
  constructor(
    readonly from: RoomStatus,
    readonly to: RoomStatus,
  ) {
    super(`a room that is ${from} cannot become ${to}`, `room_${from}`);
  }
}

export function canTransition(from: RoomStatus, to: RoomStatus): boolean {
  return allowed[from].includes(to);
}

/** Returns the next status, or throws LifecycleError for a move the state machine forbids. */
export function transition(from: RoomStatus, to: RoomStatus): RoomStatus {
  if (!canTransition(from, to)) throw new LifecycleError(from, to);
  return to;
}

export const ROOM_STATUSES: readonly RoomStatus[] = ['created', 'live', 'ended'];

/**
 * What an owner, admin or moderator may do to a room in each status: the one table every room
 * route's check reads (and the lifecycle test walks). An ended room keeps its moderation and
 * word lists (they still govern its replay's readers) but can no longer be edited, ended again or
 * published to. Sending chat or gifts needs a live room; those checks live with their services.
 */
export const roomOperations = {
  edit: ['created', 'live'],
  end: ['created', 'live'],
  publishInfo: ['created', 'live'],
  rotateStreamKey: ['created', 'live'],
  moderate: ['created', 'live', 'ended'],
  sensitiveWords: ['created', 'live', 'ended'],
} as const satisfies Record<string, readonly RoomStatus[]>;

export type RoomOperation = keyof typeof roomOperations;

export function allows(operation: RoomOperation, status: RoomStatus): boolean {
  return (roomOperations[operation] as readonly RoomStatus[]).includes(status);
}

/** An operation the room's status does not allow: 409 with reason `room_<status>` (`room_ended`). */
export class RoomStatusError extends ConflictError {
  constructor(
    readonly roomId: string,
    readonly status: RoomStatus,
    readonly operation: RoomOperation,
  ) {
    super(`room ${roomId} is ${status}: ${operation} is not allowed`, `room_${status}`);
  }
}

/** Throws RoomStatusError when the room's status does not allow `operation`. */
export function requireOperation(operation: RoomOperation, room: { id: string; status: RoomStatus }): void {
  if (!allows(operation, room.status)) throw new RoomStatusError(room.id, room.status, operation);
}
