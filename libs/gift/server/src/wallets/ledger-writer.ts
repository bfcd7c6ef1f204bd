import type { Posting } from '@ovation/gift-domain';
import type { DataSource } from 'typeorm';
import { statement, Statement } from '@ovation/database';

export interface PostingContext {
  orderId?: string;
  rechargeId?: string;
  createdAt: number;
}

/** A piece of SQL that yields a value when the statement runs. */
export interface SqlValue {
  sql: string;
  parameters: unknown[];
}

/** A wallet's balance after an entry: known (a value), or read by the statement itself. */
export type BalanceAfter = bigint | SqlValue;

/** The wallet row's balance as the statement sees it (the transaction holds the row's lock). */
export function walletRowBalance(userId: string): SqlValue {
  return { sql: '(SELECT balance FROM wallets WHERE user_id = ?)', parameters: [userId] };
}

/** A session variable set by an earlier statement of the same batch. */
export function sessionVariable(name: string): SqlValue {
  return { sql: `@${name}`, parameters: [] };
}

/**
 * One balanced set of postings as one INSERT; `balances` holds the balance after the entry for
 * accounts that are wallets. `onlyIf` (SQL, default always) lets a batch skip the write when an
 * earlier statement of the same batch did not take effect.
 */
export function postingsStatement(postings: Posting[], balances: Map<string, BalanceAfter>, context: PostingContext, onlyIf = 'TRUE'): Statement {
  const rows = postings.map((posting) => {
    const balance = balances.get(posting.account);
    const after: SqlValue = balance === undefined ? { sql: 'NULL', parameters: [] } : typeof balance === 'bigint' ? { sql: '?', parameters: [String(balance)] } : balance;
    return {
      sql: `SELECT ?, ?, ?, ${after.sql}, ?, ?, ? FROM DUAL WHERE ${onlyIf}`,
      parameters: [posting.account, posting.kind, String(posting.amount), ...after.parameters, context.orderId ?? null, context.rechargeId ?? null, context.createdAt],
    };
  });
  return statement(
    `INSERT INTO ledger_entries (account_id, kind, amount, balance_after, order_id, recharge_id, created_at) ${rows.map((row) => row.sql).join(' UNION ALL ')}`,
    rows.flatMap((row) => row.parameters),
  );
}

/** Adds `amount` to a wallet, creating it at 0 first if needed (the row stays locked); `onlyIf` as for postings. */
export function creditStatement(userId: string, amount: bigint, now: number, onlyIf = 'TRUE'): Statement {
  return statement(
    `INSERT INTO wallets (user_id, balance, updated_at) SELECT ?, ?, ? FROM DUAL WHERE ${onlyIf} ON DUPLICATE KEY UPDATE balance = balance + VALUES(balance), updated_at = VALUES(updated_at)`,
    [userId, String(amount), now],
  );
}

/** The wallet's balance (as the transaction sees it, with its locks). */
export function balanceStatement(userId: string): Statement {
  return statement('SELECT balance FROM wallets WHERE user_id = ?', [userId]);
}

/** The committed balance (0 for a user without a wallet). */
export async function walletBalance(dataSource: DataSource, userId: string): Promise<bigint> {
  const { sql, parameters } = balanceStatement(userId);
  const [row] = (await dataSource.query(sql, parameters)) as Array<{ balance: string }>;
  return BigInt(row?.balance ?? 0);
}
