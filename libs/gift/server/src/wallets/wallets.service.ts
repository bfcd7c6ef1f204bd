import { randomUUID } from 'node:crypto';
import { IdempotencyKeyReusedError, LedgerKind, parsePositiveAmount, rechargePostings, validateIdempotencyKey } from '@ovation/gift-domain';
import { ValidationError } from '@ovation/errors';
import { requireId } from '@ovation/ids';
import type { DataSource } from 'typeorm';
import { inTransaction, isDuplicateKey, Rollback, statement } from '@ovation/database';
import { balanceStatement, creditStatement, postingsStatement, walletBalance } from './ledger-writer';

export interface RechargeResult {
  balance: bigint;
  duplicate: boolean;
  ledgerEntryId: string;
}

export interface Wallet {
  userId: string;
  balance: bigint;
  updatedAt: number;
}

export interface LedgerEntry {
  id: string;
  userId: string;
  kind: LedgerKind;
  amount: bigint;
  balanceAfter: bigint;
  orderId: string;
  createdAt: number;
}

export interface LedgerPage {
  entries: LedgerEntry[];
  nextCursor: string;
}

export const LEDGER_PAGE_DEFAULT = 20;
export const LEDGER_PAGE_MAX = 100;

interface RechargeRow {
  user_id: string;
  amount: string;
  balance_after: string;
  ledger_entry_id: string;
}

/** Top-ups (a payment provider's callback stands in) and reading wallets and their ledger. */
export class WalletsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => number = Date.now,
  ) {}

  /** Credits `userId` at most once per idempotency key; the same key again returns the first result. */
  async recharge(userId: string, amountText: string, idempotencyKey: string): Promise<RechargeResult> {
    requireId('userId', userId);
    const amount = parsePositiveAmount('amount', amountText);
    validateIdempotencyKey(idempotencyKey);
    const earlier = await this.findRecharge(idempotencyKey);
    if (earlier) return this.replay(earlier, userId, amount);

    const outcome = await inTransaction(this.dataSource, async (tx) => {
      const now = this.now();
      const rechargeId = randomUUID();
      const [, [wallet]] = (await tx.run(creditStatement(userId, amount, now), balanceStatement(userId))) as [unknown, Array<{ balance: string }>];
      const balance = BigInt(wallet.balance);
      const [ledger] = await tx.run(postingsStatement(rechargePostings(userId, amount), new Map([[userId, balance]]), { rechargeId, createdAt: now }));
      const ledgerEntryId = String((ledger as { insertId: number | string }).insertId);
      try {
        await tx.commit(
          statement('INSERT INTO recharges (id, idempotency_key, user_id, amount, balance_after, ledger_entry_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
            rechargeId,
            idempotencyKey,
            userId,
            String(amount),
            String(balance),
            ledgerEntryId,
            now,
          ]),
        );
      } catch (error) {
        if (isDuplicateKey(error, 'uq_recharges_key')) return new Rollback<RechargeResult | undefined>(undefined);
        throw error;
      }
      return { balance, duplicate: false, ledgerEntryId };
    });
    if (outcome) return outcome;
    // A concurrent request with the same key committed first.
    return this.replay((await this.findRecharge(idempotencyKey))!, userId, amount);
  }

  async wallet(userId: string): Promise<Wallet> {
    requireId('userId', userId);
    const [row]: Array<{ balance: string; updated_at: string }> = await this.dataSource.query('SELECT balance, updated_at FROM wallets WHERE user_id = ?', [userId]);
    return { userId, balance: BigInt(row?.balance ?? 0), updatedAt: Number(row?.updated_at ?? 0) };
  }

  /** Newest first; the cursor is the id of the last entry returned. */
  async ledger(userId: string, cursor: string, limit: number): Promise<LedgerPage> {
    requireId('userId', userId);
    if (cursor && !/^\d{1,19}$/.test(cursor)) throw new ValidationError('cursor', 'cursor is not one this API returned');
    const size = Math.min(Math.max(limit || LEDGER_PAGE_DEFAULT, 1), LEDGER_PAGE_MAX);
    const rows: Array<{ id: string; kind: LedgerKind; amount: string; balance_after: string | null; order_id: string | null; created_at: string }> =
      await this.dataSource.query(
        `SELECT id, kind, amount, balance_after, order_id, created_at FROM ledger_entries
         WHERE account_id = ? ${cursor ? 'AND id < ?' : ''} ORDER BY id DESC LIMIT ?`,
        cursor ? [userId, cursor, size + 1] : [userId, size + 1],
      );
    const page = rows.slice(0, size).map((row) => ({
      id: String(row.id),
      userId,
      kind: row.kind,
      amount: BigInt(row.amount),
      balanceAfter: BigInt(row.balance_after ?? 0),
      orderId: row.order_id ?? '',
      createdAt: Number(row.created_at),
    }));
    return { entries: page, nextCursor: rows.length > size ? page[page.length - 1].id : '' };
  }

  balance(userId: string): Promise<bigint> {
    return walletBalance(this.dataSource, userId);
  }

  private async findRecharge(idempotencyKey: string): Promise<RechargeRow | undefined> {
    const [row]: RechargeRow[] = await this.dataSource.query(
      'SELECT user_id, amount, balance_after, ledger_entry_id FROM recharges WHERE idempotency_key = ?',
      [idempotencyKey],
    );
    return row;
  }

  private replay(earlier: RechargeRow, userId: string, amount: bigint): RechargeResult {
    if (earlier.user_id !== userId || BigInt(earlier.amount) !== amount) throw new IdempotencyKeyReusedError();
    return { balance: BigInt(earlier.balance_after), duplicate: true, ledgerEntryId: String(earlier.ledger_entry_id) };
  }
}
