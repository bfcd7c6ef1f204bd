import type { MinorUnits } from './money';

export type LedgerKind = 'recharge' | 'gift_sent' | 'gift_received';

/**
 * The contra account of every top-up: money entering the platform from a payment provider.
 * It is not a wallet (it goes negative by design), so every posting pair sums to zero.
 */
export const PAYMENTS_ACCOUNT = '@payments';

export interface Posting {
  account: string;
  kind: LedgerKind;
  amount: MinorUnits;
}

/** Double entry: the user's credit and the payments account's matching debit. */
export function rechargePostings(userId: string, amount: MinorUnits): [Posting, Posting] {
  return [
    { account: userId, kind: 'recharge', amount },
    { account: PAYMENTS_ACCOUNT, kind: 'recharge', amount: -amount },
  ];
}

/** Double entry: the sender's debit and the receiver's credit. */
export function giftPostings(senderId: string, receiverId: string, total: MinorUnits): [Posting, Posting] {
  return [
    { account: senderId, kind: 'gift_sent', amount: -total },
    { account: receiverId, kind: 'gift_received', amount: total },
  ];
}
