import { giftPostings, PAYMENTS_ACCOUNT, rechargePostings } from './index';

describe('double-entry postings', () => {
  it('balances a top-up against the payments account', () => {
    const postings = rechargePostings('alice', 500n);

    expect(postings.map((p) => p.account)).toEqual(['alice', PAYMENTS_ACCOUNT]);
    expect(postings.reduce((sum, p) => sum + p.amount, 0n)).toBe(0n);
  });

  it('debits the sender and credits the receiver by the same amount', () => {
    expect(giftPostings('alice', 'bob', 30n)).toEqual([
      { account: 'alice', kind: 'gift_sent', amount: -30n },
      { account: 'bob', kind: 'gift_received', amount: 30n },
    ]);
  });
});
