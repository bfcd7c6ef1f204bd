import { GiftNotFoundError, orderTotal, sameSend, sendableGift, validateSendGift } from './index';
import type { GiftDefinition } from './index';

const command = { senderId: 'alice', senderName: '', roomId: 'room-1', giftId: 'rose', count: 3, idempotencyKey: 'tap-00000001' };
const rose: GiftDefinition = { id: 'rose', name: 'Rose', price: 10n, iconUrl: '', tier: 'basic', comboAble: true, enabled: true, sortOrder: 1 };

describe('validateSendGift', () => {
  it('accepts a well-formed send and names the sender when no display name is given', () => {
    expect(validateSendGift(command)).toEqual({ ...command, senderName: 'alice' });
  });

  it.each([0, -1, 10_000, 1.5, Number.NaN])('rejects count %p naming the field', (count) => {
    expect(() => validateSendGift({ ...command, count })).toThrow(expect.objectContaining({ kind: 'invalid_argument', field: 'count' }));
  });

  it('rejects a missing or malformed idempotency key', () => {
    expect(() => validateSendGift({ ...command, idempotencyKey: 'short' })).toThrow(expect.objectContaining({ field: 'idempotencyKey' }));
    expect(() => validateSendGift({ ...command, idempotencyKey: 'has spaces in it' })).toThrow(expect.objectContaining({ field: 'idempotencyKey' }));
  });
});

describe('sendableGift and orderTotal', () => {
  it('treats unknown and disabled gifts alike', () => {
    expect(() => sendableGift(undefined, 'nope')).toThrow(GiftNotFoundError);
    expect(() => sendableGift({ ...rose, enabled: false }, 'rose')).toThrow(expect.objectContaining({ reason: 'gift_not_found' }));
    expect(sendableGift(rose, 'rose')).toBe(rose);
  });

  it('multiplies in integers, beyond the float-safe range', () => {
    expect(orderTotal(900_719_925_474_099n, 9999)).toBe(9_006_298_534_815_515_901n);
  });

  it('calls a retry the same send only when room, gift and count match', () => {
    expect(sameSend(command, { ...command })).toBe(true);
    expect(sameSend(command, { ...command, count: 4 })).toBe(false);
  });
});
