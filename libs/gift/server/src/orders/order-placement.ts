import { giftPostings, outboxLane } from '@ovation/gift-domain';
import { statement, Statement } from '@ovation/database';
import { creditStatement, postingsStatement, sessionVariable, walletRowBalance } from '../wallets/ledger-writer';
import { encodeGiftSent, PlacedOrder } from './gift-event';

/** An order ready to be placed: priced, with its ids, and the outbox headers of the send's trace. */
export interface OrderToPlace {
  order: PlacedOrder;
  idempotencyKey: string;
  outboxHeaders: Record<string, string>;
}

/** What the database did with one order of a batch. */
export interface Placement {
  /** The order is recorded and the money moved. */
  placed: boolean;
  /** The balance covered the order (when not placed, the key had been used before). */
  covered: boolean;
  /** The sender's balance after the order (when placed), or as it was (when not covered). */
  balance: bigint;
}

interface PlacementRow {
  covered: number | string;
  placed: number | string;
  balance: string | null;
}

/**
 * One order as statements that decide for themselves, so that many orders travel in one round trip
 * and commit together: session variables carry each step's outcome to the next.
 * - the conditional debit is the overdraft guard: under any concurrency the sender's row lock
 *   orders the debits and each one re-checks the balance it sees;
 * - the order row is inserted only if the debit happened; the unique (sender, key) index makes a
 *   reused key insert nothing, and the debit is then given back;
 * - the credit, the ledger pair and the outbox row follow only a placed order. The receiver is
 *   credited before the outbox row: its row lock also orders one room's outbox ids in commit
 *   order, which the relay's per-room order relies on;
 * - the last statement reports the outcome.
 */
export function placementStatements({ order, idempotencyKey, outboxHeaders }: OrderToPlace): Statement[] {
  const total = String(order.total);
  const placed = '@placed = 1';
  const senderBalance = walletRowBalance(order.senderId);
  return [
    // Amounts travel as decimal strings; CAST keeps the arithmetic and the comparison in integers
    // (a string operand would make MariaDB compute in doubles, inexact above 2^53).
    statement('UPDATE wallets SET balance = balance - CAST(? AS SIGNED), updated_at = ? WHERE user_id = ? AND balance >= CAST(? AS SIGNED)', [total, order.createdAt, order.senderId, total]),
    // ROW_COUNT() is read before anything else can reset it; a sender without a wallet reads NULL.
    statement(`SET @covered = ROW_COUNT(), @balance = ${senderBalance.sql}`, senderBalance.parameters),
    statement(
      `INSERT IGNORE INTO gift_orders (id, sender_id, idempotency_key, sender_name, room_id, receiver_id, gift_id, count, unit_price, total_value, sender_balance_after, created_at)
       SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, @balance, ? FROM DUAL WHERE @covered = 1`,
      [order.orderId, order.senderId, idempotencyKey, order.senderName, order.roomId, order.receiverId, order.gift.id, order.count, String(order.gift.price), total, order.createdAt],
    ),
    statement('SET @placed = ROW_COUNT()'),
    statement('UPDATE wallets SET balance = balance + CAST(? AS SIGNED) WHERE user_id = ? AND @covered = 1 AND @placed = 0', [total, order.senderId]),
    creditStatement(order.receiverId, order.total, order.createdAt, placed),
    postingsStatement(
      giftPostings(order.senderId, order.receiverId, order.total),
      new Map([
        [order.senderId, sessionVariable('balance')],
        [order.receiverId, walletRowBalance(order.receiverId)],
      ]),
      { orderId: order.orderId, createdAt: order.createdAt },
      placed,
    ),
    statement(`INSERT INTO gift_outbox (event_id, lane, room_id, order_id, payload, headers, created_at) SELECT ?, ?, ?, ?, ?, ?, ? FROM DUAL WHERE ${placed}`, [
      order.eventId,
      outboxLane(order.roomId),
      order.roomId,
      order.orderId,
      encodeGiftSent(order),
      JSON.stringify(outboxHeaders),
      order.createdAt,
    ]),
    statement('SELECT @covered AS covered, @placed AS placed, @balance AS balance'),
  ];
}

/**
 * Locks every wallet the orders touch, in one order of ids, before any of them moves money:
 * transactions of several processes then take their locks in the same order and cannot deadlock
 * (receivers' wallets exist before their orders are batched). `nowait` fails at once on a wallet
 * another transaction holds.
 */
export function walletLocksStatement(orders: OrderToPlace[], locks: 'wait' | 'nowait' = 'wait'): Statement {
  const wallets = [...new Set(orders.flatMap(({ order }) => [order.senderId, order.receiverId]))].sort();
  return statement(`SELECT user_id FROM wallets WHERE user_id IN (${wallets.map(() => '?').join(', ')}) ORDER BY user_id FOR UPDATE${locks === 'nowait' ? ' NOWAIT' : ''}`, wallets);
}

/** Reads each order's outcome (its last statement's row) from the results of its batch. */
export function readPlacements(results: unknown[], statementsPerOrder: Statement[][]): Placement[] {
  let end = 0;
  return statementsPerOrder.map((statements) => {
    end += statements.length;
    const [row] = results[end - 1] as PlacementRow[];
    return { covered: Number(row.covered) === 1, placed: Number(row.placed) === 1, balance: BigInt(row.balance ?? 0) };
  });
}
