import { ConflictError, NotFoundError, ValidationError } from '@ovation/errors';

export class GiftNotFoundError extends NotFoundError {
  constructor(readonly giftId: string) {
    super('gift', giftId);
  }
}

export class RoomNotLiveError extends ConflictError {
  constructor(readonly roomId: string) {
    super(`room ${roomId} is not live`, 'room_not_live');
  }
}

export class InsufficientBalanceError extends ConflictError {
  constructor(
    readonly balance: bigint,
    readonly required: bigint,
  ) {
    super(`the balance ${balance} does not cover ${required}`, 'insufficient_balance');
  }
}

/** A retry must repeat the request it retries: one key, one order. */
export class IdempotencyKeyReusedError extends ConflictError {
  constructor() {
    super('this idempotency key was already used for a different request', 'idempotency_key_reused');
  }
}

export class CountOutOfRangeError extends ValidationError {
  constructor(min: number, max: number) {
    super('count', `count must be a whole number from ${min} to ${max}`);
  }
}
