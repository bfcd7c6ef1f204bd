import {
  OrderDiscrepancy,
  orderDiscrepancies,
  PAYMENTS_ACCOUNT,
  ReconciliationReport,
  walletMismatches,
} from '@ovation/gift-domain';
import { requireId } from '@ovation/ids';
import type { DataSource } from 'typeorm';
import { EFFECTS_CONSUMER } from '../effects/gift-effect-broadcaster';
import type { GiftMetrics } from '../metrics/gift-metrics';

export interface ReconcileOptions {
  /** Only these wallets (every wallet when empty). */
  userIds?: string[];
  /** Orders younger than this are not yet expected to be published and shown (default 60 s). */
  graceMs?: number;
  /** Whether the effect consumer runs, so every settled order must have shown exactly one effect (default true). */
  requireEffects?: boolean;
}

interface OrderRow {
  id: string;
  outbox_rows: string;
  published_rows: string;
  effects: string;
  postings: string;
  posting_sum: string;
}

/**
 * Checks the books: every wallet's balance equals the sum of its ledger entries, the ledger as a
 * whole sums to zero (double entry), and every order has one published event and one shown effect.
 */
export class ReconciliationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics?: GiftMetrics,
    private readonly now: () => number = Date.now,
  ) {}

  async reconcile(options: ReconcileOptions = {}): Promise<ReconciliationReport> {
    const userIds = (options.userIds ?? []).filter(Boolean).map((userId) => requireId('userIds', userId));
    const settledBefore = this.now() - (options.graceMs ?? 60_000);
    const requireEffects = options.requireEffects ?? true;

    const wallets = await this.walletFacts(userIds);
    const [{ total }]: Array<{ total: string | null }> = await this.dataSource.query('SELECT SUM(amount) AS total FROM ledger_entries');
    const [{ orders }]: Array<{ orders: string }> = await this.dataSource.query('SELECT COUNT(*) AS orders FROM gift_orders WHERE created_at < ?', [settledBefore]);
    const discrepancies = [...(await this.orderProblems(settledBefore, requireEffects)), ...(await this.effectsWithoutOrder())];

    const report: ReconciliationReport = {
      walletsChecked: wallets.length,
      mismatches: walletMismatches(wallets),
      ordersChecked: Number(orders),
      orderDiscrepancies: discrepancies,
      ledgerTotal: BigInt(total ?? 0),
    };
    this.metrics?.discrepancies.set({ kind: 'wallet' }, report.mismatches.length);
    this.metrics?.discrepancies.set({ kind: 'order' }, report.orderDiscrepancies.length);
    this.metrics?.discrepancies.set({ kind: 'ledger' }, report.ledgerTotal === 0n ? 0 : 1);
    return report;
  }

  private async walletFacts(userIds: string[]) {
    const only = userIds.length ? `a.account_id IN (${userIds.map(() => '?').join(',')})` : 'a.account_id <> ?';
    // Every account with a wallet or a ledger entry (the payments contra account is no wallet).
    const rows: Array<{ user_id: string; balance: string; ledger_sum: string }> = await this.dataSource.query(
      `SELECT a.account_id AS user_id, COALESCE(w.balance, 0) AS balance, COALESCE(l.total, 0) AS ledger_sum
       FROM (SELECT user_id AS account_id FROM wallets UNION SELECT DISTINCT account_id FROM ledger_entries) a
       LEFT JOIN wallets w ON w.user_id = a.account_id
       LEFT JOIN (SELECT account_id, SUM(amount) AS total FROM ledger_entries GROUP BY account_id) l ON l.account_id = a.account_id
       WHERE ${only}`,
      userIds.length ? userIds : [PAYMENTS_ACCOUNT],
    );
    return rows.map((row) => ({ userId: row.user_id, balance: BigInt(row.balance), ledgerSum: BigInt(row.ledger_sum) }));
  }

  /** Only orders that look wrong come back from MySQL; the domain rules name what is wrong. */
  private async orderProblems(settledBefore: number, requireEffects: boolean): Promise<OrderDiscrepancy[]> {
    const rows: OrderRow[] = await this.dataSource.query(
      `SELECT o.id, COALESCE(x.n, 0) AS outbox_rows, COALESCE(x.published, 0) AS published_rows, COALESCE(c.n, 0) AS effects,
              COALESCE(l.n, 0) AS postings, COALESCE(l.total, 0) AS posting_sum
       FROM gift_orders o
       LEFT JOIN (SELECT order_id, COUNT(*) AS n, SUM(published_at IS NOT NULL) AS published FROM gift_outbox GROUP BY order_id) x ON x.order_id = o.id
       LEFT JOIN (SELECT order_id, COUNT(*) AS n FROM consumed_events WHERE consumer = ? GROUP BY order_id) c ON c.order_id = o.id
       LEFT JOIN (SELECT order_id, COUNT(*) AS n, SUM(amount) AS total FROM ledger_entries WHERE order_id IS NOT NULL GROUP BY order_id) l ON l.order_id = o.id
       WHERE o.created_at < ?
         AND NOT (COALESCE(x.n, 0) = 1 AND COALESCE(x.published, 0) = 1 AND COALESCE(c.n, 0) ${requireEffects ? '= 1' : '<= 1'}
                  AND COALESCE(l.n, 0) = 2 AND COALESCE(l.total, 0) = 0)`,
      [EFFECTS_CONSUMER, settledBefore],
    );
    return rows.flatMap((row) =>
      orderDiscrepancies(
        {
          orderId: row.id,
          outboxRows: Number(row.outbox_rows),
          publishedRows: Number(row.published_rows),
          effects: Number(row.effects),
          postings: Number(row.postings),
          postingSum: BigInt(row.posting_sum),
        },
        requireEffects,
      ),
    );
  }

  private async effectsWithoutOrder(): Promise<OrderDiscrepancy[]> {
    const rows: Array<{ order_id: string }> = await this.dataSource.query(
      'SELECT c.order_id FROM consumed_events c LEFT JOIN gift_orders o ON o.id = c.order_id WHERE c.consumer = ? AND o.id IS NULL',
      [EFFECTS_CONSUMER],
    );
    return rows.map((row) => ({ orderId: row.order_id, problem: 'effect_without_order' as const }));
  }
}
