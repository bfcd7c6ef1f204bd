import { ValidationError } from '@ovation/errors';
import { requireId } from '@ovation/ids';
import { CountOutOfRangeError, GiftNotFoundError } from './errors';
import type { GiftDefinition } from './catalog';
import type { MinorUnits } from './money';

export const GIFT_COUNT_MIN = 1;
export const GIFT_COUNT_MAX = 9999;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

export interface SendGiftCommand {
  senderId: string;
  senderName: string;
  roomId: string;
  giftId: string;
  count: number;
  idempotencyKey: string;
}

/** Checks the parts of a send that need no lookup; throws a ValidationError naming the field. */
export function validateSendGift(command: SendGiftCommand): SendGiftCommand {
  requireId('sender', command.senderId);
  requireId('roomId', command.roomId);
  if (!command.giftId) throw new ValidationError('giftId', 'giftId is required');
  if (!Number.isInteger(command.count) || command.count < GIFT_COUNT_MIN || command.count > GIFT_COUNT_MAX) {
    throw new CountOutOfRangeError(GIFT_COUNT_MIN, GIFT_COUNT_MAX);
  }
  validateIdempotencyKey(command.idempotencyKey);
  return { ...command, senderName: (command.senderName || command.senderId).slice(0, 64) };
}

export function validateIdempotencyKey(key: string): void {
  if (!IDEMPOTENCY_KEY.test(key ?? '')) {
    throw new ValidationError('idempotencyKey', 'idempotencyKey must be 8–128 letters, digits or . _ : -');
  }
}

/** The gift as it may be sent now: unknown and disabled gifts are the same to a sender. */
export function sendableGift(gift: GiftDefinition | undefined, giftId: string): GiftDefinition {
  if (!gift || !gift.enabled) throw new GiftNotFoundError(giftId);
  return gift;
}

export function orderTotal(unitPrice: MinorUnits, count: number): MinorUnits {
  return unitPrice * BigInt(count);
}

/** What a retry must repeat for its key to return the first order. */
export function sameSend(first: Pick<SendGiftCommand, 'roomId' | 'giftId' | 'count'>, retry: Pick<SendGiftCommand, 'roomId' | 'giftId' | 'count'>): boolean {
  return first.roomId === retry.roomId && first.giftId === retry.giftId && first.count === retry.count;
}
