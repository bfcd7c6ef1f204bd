import type { Posting } from '@ovation/gift-domain';
import type { QueryRunner } from 'typeorm';
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

/** Writes the postings (see postingsStatement); returns the id of the first entry. */
export async function writePostings(runner: QueryRunner, postings: Posting[], balances: Map<string, bigint>, context: PostingContext): Promise<string> {
  const { sql, parameters } = postingsStatement(postings, balances, context);
  const result = await runner.query(sql, parameters);
  return String((result as { insertId: number | string }).insertId);
}

/** Adds `amount` to a wallet, creating it at 0 first if needed (the row stays locked). */
export function creditStatement(userId: string, amount: bigint, now: number): Statement {
  return statement(
    'INSERT INTO wallets (user_id, balance, updated_at) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE balance = balance + VALUES(balance), updated_at = VALUES(updated_at)',
    [userId, String(amount), now],
  );
}

/** creditStatement on a runner; returns the balance after. */
export async function creditWallet(runner: QueryRunner, userId: string, amount: bigint, now: number): Promise<bigint> {
  const { sql, parameters } = creditStatement(userId, amount, now);
  await runner.query(sql, parameters);
  return walletBalance(runner, userId);
}

/** Works on a transaction's runner (consistent with its locks) or the DataSource. */
export async function walletBalance(runner: { query(sql: string, parameters?: unknown[]): Promise<unknown> }, userId: string): Promise<bigint> {
  const [row] = (await runner.query('SELECT balance FROM wallets WHERE user_id = ?', [userId])) as Array<{ balance: string }>;
  return BigInt(row?.balance ?? 0);
}
