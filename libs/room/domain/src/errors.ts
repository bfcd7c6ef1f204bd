import { NotFoundError } from '@ovation/errors';

export class RoomNotFoundError extends NotFoundError {
  constructor(readonly roomId: string) {
    super('room', roomId);
  }
}

