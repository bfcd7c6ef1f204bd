import type { Posting } from '@ovation/gift-domain';
import type { DataSource } from 'typeorm';
import { statement, Statement } from '@ovation/database';

export interface PostingContext {
  orderId?: string;
  rechargeId?: string;
  createdAt: number;
}

/** balance_after read from the wallet row by the statement itself (the transaction holds its lock). */
export const BALANCE_IN_ROW = Symbol('the wallet row’s balance');

/**
 * One balanced pair of postings as one INSERT; `balances` holds the balance after the entry for
 * accounts that are wallets (a value, or BALANCE_IN_ROW).
 */
export function postingsStatement(postings: Posting[], balances: Map<string, bigint | typeof BALANCE_IN_ROW>, context: PostingContext): Statement {
  const rows = postings.map((posting) => {
    const balance = balances.get(posting.account);
    const balanceAfter = balance === BALANCE_IN_ROW ? '(SELECT balance FROM wallets WHERE user_id = ?)' : '?';
    const balanceValue = balance === undefined ? null : balance === BALANCE_IN_ROW ? posting.account : String(balance);
    return {
      sql: `(?, ?, ?, ${balanceAfter}, ?, ?, ?)`,
      parameters: [posting.account, posting.kind, String(posting.amount), balanceValue, context.orderId ?? null, context.rechargeId ?? null, context.createdAt],
    };
  });
  return statement(
    `INSERT INTO ledger_entries (account_id, kind, amount, balance_after, order_id, recharge_id, created_at) VALUES ${rows.map((row) => row.sql).join(', ')}`,
    rows.flatMap((row) => row.parameters),
  );
}

/** Adds `amount` to a wallet, creating it at 0 first if needed (the row stays locked). */
export function creditStatement(userId: string, amount: bigint, now: number): Statement {
  return statement(
    'INSERT INTO wallets (user_id, balance, updated_at) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE balance = balance + VALUES(balance), updated_at = VALUES(updated_at)',
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
