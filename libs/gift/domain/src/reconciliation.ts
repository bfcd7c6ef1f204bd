export interface WalletFacts {
  userId: string;
  balance: bigint;
  ledgerSum: bigint;
}

/** What the books say about one order: its outbox rows, how many were published, how many effects were shown. */
export interface OrderFacts {
  orderId: string;
  outboxRows: number;
  publishedRows: number;
  effects: number;
  /** The order's ledger postings, which must be one pair summing to zero. */
  postings: number;
  postingSum: bigint;
}

export type OrderProblem =
  | 'event_missing'
  | 'event_duplicated'
  | 'event_not_published'
  | 'effect_missing'
  | 'effect_duplicated'
  | 'effect_without_order'
  | 'ledger_unbalanced';

export interface OrderDiscrepancy {
  orderId: string;
  problem: OrderProblem;
}

export interface ReconciliationReport {
  walletsChecked: number;
  mismatches: WalletFacts[];
  ordersChecked: number;
  orderDiscrepancies: OrderDiscrepancy[];
  /** Every ledger entry summed: 0 when the books balance. */
  ledgerTotal: bigint;
}

export function walletMismatches(wallets: WalletFacts[]): WalletFacts[] {
  return wallets.filter((wallet) => wallet.balance !== wallet.ledgerSum);
}

/** Every order must have produced exactly one published event and exactly one effect. */
export function orderDiscrepancies(order: OrderFacts, requireEffects: boolean): OrderDiscrepancy[] {
  const problems: OrderProblem[] = [];
  if (order.outboxRows === 0) problems.push('event_missing');
  if (order.outboxRows > 1) problems.push('event_duplicated');
  if (order.outboxRows > 0 && order.publishedRows < order.outboxRows) problems.push('event_not_published');
  if (requireEffects && order.effects === 0) problems.push('effect_missing');
  if (order.effects > 1) problems.push('effect_duplicated');
  if (order.postings !== 2 || order.postingSum !== 0n) problems.push('ledger_unbalanced');
  return problems.map((problem) => ({ orderId: order.orderId, problem }));
}

export function isClean(report: ReconciliationReport): boolean {
  return report.mismatches.length === 0 && report.orderDiscrepancies.length === 0 && report.ledgerTotal === 0n;
}

/** A human-readable account of what is wrong, one line per problem (empty when clean). */
export function describeReport(report: ReconciliationReport): string[] {
  return [
    ...(report.ledgerTotal === 0n ? [] : [`ledger does not balance: entries sum to ${report.ledgerTotal}`]),
    ...report.mismatches.map((m) => `wallet ${m.userId}: balance ${m.balance} but ledger sums to ${m.ledgerSum}`),
    ...report.orderDiscrepancies.map((d) => `order ${d.orderId}: ${d.problem.replace(/_/g, ' ')}`),
  ];
}
