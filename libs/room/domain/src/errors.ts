import { ConflictError, NotFoundError } from '@ovation/errors';

export class RoomNotFoundError extends NotFoundError {
  constructor(readonly roomId: string) {
    super('room', roomId);
  }
}

/** Asking an ended room for something only a room that can still go live has (a stream key). */
export class RoomEndedError extends ConflictError {
  constructor(readonly roomId: string) {
    super(`room ${roomId} has ended`, 'room_ended');
  }
}
