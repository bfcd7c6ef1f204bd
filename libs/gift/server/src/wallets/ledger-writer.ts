import type { Posting } from '@ovation/gift-domain';
import type { QueryRunner } from 'typeorm';

export interface PostingContext {
  orderId?: string;
  rechargeId?: string;
  createdAt: number;
}

/**
 * Writes one balanced pair of postings in one statement; `balances` holds the balance after the
 * entry for accounts that are wallets. Returns the id of the first entry.
 */
export async function writePostings(runner: QueryRunner, postings: Posting[], balances: Map<string, bigint>, context: PostingContext): Promise<string> {
  const values = postings.flatMap((posting) => [
    posting.account,
    posting.kind,
    String(posting.amount),
    balances.has(posting.account) ? String(balances.get(posting.account)) : null,
    context.orderId ?? null,
    context.rechargeId ?? null,
    context.createdAt,
  ]);
  const result = await runner.query(
    `INSERT INTO ledger_entries (account_id, kind, amount, balance_after, order_id, recharge_id, created_at) VALUES ${postings.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    values,
  );
  return String((result as { insertId: number | string }).insertId);
}

/** Adds `amount` to a wallet, creating it at 0 first if needed; returns the balance after (the row stays locked). */
export async function creditWallet(runner: QueryRunner, userId: string, amount: bigint, now: number): Promise<bigint> {
  await runner.query(
    'INSERT INTO wallets (user_id, balance, updated_at) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE balance = balance + VALUES(balance), updated_at = VALUES(updated_at)',
    [userId, String(amount), now],
  );
  return walletBalance(runner, userId);
}

/** Works on a transaction's runner (consistent with its locks) or the DataSource. */
export async function walletBalance(runner: { query(sql: string, parameters?: unknown[]): Promise<unknown> }, userId: string): Promise<bigint> {
  const [row] = (await runner.query('SELECT balance FROM wallets WHERE user_id = ?', [userId])) as Array<{ balance: string }>;
  return BigInt(row?.balance ?? 0);
}
