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
