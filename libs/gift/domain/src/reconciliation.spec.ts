import { describeReport, isClean, orderDiscrepancies, walletMismatches } from './index';

const clean = { orderId: 'o1', outboxRows: 1, publishedRows: 1, effects: 1, postings: 2, postingSum: 0n };

describe('reconciliation rules', () => {
  it('finds nothing wrong with an order that produced one event and one effect', () => {
    expect(orderDiscrepancies(clean, true)).toEqual([]);
  });

  it('names every way an order can go wrong', () => {
    expect(orderDiscrepancies({ ...clean, outboxRows: 0, publishedRows: 0, effects: 0 }, true).map((d) => d.problem)).toEqual(['event_missing', 'effect_missing']);
    expect(orderDiscrepancies({ ...clean, publishedRows: 0, effects: 2 }, true).map((d) => d.problem)).toEqual(['event_not_published', 'effect_duplicated']);
    expect(orderDiscrepancies({ ...clean, postings: 1, postingSum: -5n }, true).map((d) => d.problem)).toEqual(['ledger_unbalanced']);
    expect(orderDiscrepancies({ ...clean, effects: 0 }, false)).toEqual([]);
  });

  it('reports wallets whose balance differs from their ledger, in words', () => {
    const mismatches = walletMismatches([
      { userId: 'alice', balance: 10n, ledgerSum: 10n },
      { userId: 'bob', balance: 7n, ledgerSum: 5n },
    ]);
    const report = { walletsChecked: 2, mismatches, ordersChecked: 1, orderDiscrepancies: [{ orderId: 'o1', problem: 'effect_missing' as const }], ledgerTotal: 2n };

    expect(isClean(report)).toBe(false);
    expect(describeReport(report)).toEqual([
      'ledger does not balance: entries sum to 2',
      'wallet bob: balance 7 but ledger sums to 5',
      'order o1: effect missing',
    ]);
  });
});
