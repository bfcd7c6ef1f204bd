import { randomUUID } from 'node:crypto';
import { context, propagation } from '@opentelemetry/api';
import { DomainError, ForbiddenError } from '@ovation/errors';
import {
  GiftDefinition,
  giftPostings,
  IdempotencyKeyReusedError,
  InsufficientBalanceError,
  orderTotal,
  outboxLane,
  RoomNotLiveError,
  sameSend,
  SendGiftCommand,
  sendableGift,
  validateSendGift,
} from '@ovation/gift-domain';
import type { DataSource } from 'typeorm';
import { CatalogService } from '../catalog/catalog.service';
import type { GiftMetrics } from '../metrics/gift-metrics';
import type { RoomDirectory } from '../rooms/room-directory';
import { affectedRows, inTransaction, isDuplicateKey, Rollback, statement, Statement } from '@ovation/database';
import { BALANCE_IN_ROW, balanceStatement, creditStatement, postingsStatement, walletBalance } from '../wallets/ledger-writer';
import { encodeGiftSent, PlacedOrder } from './gift-event';

export interface SendGiftHooks {
  metrics?: GiftMetrics;
  /** Called after each committed order: wakes a relay in this process instead of waiting for its poll. */
  onCommitted?: () => void;
}

export interface SendGiftResult {
  orderId: string;
  /** The sender's balance right after the order. */
  balance: bigint;
  /** True when the key was used before and nothing was charged now. */
  duplicate: boolean;
}

interface OrderRow {
  id: string;
  room_id: string;
  gift_id: string;
  count: number;
  sender_balance_after: string;
}

/** A send's price and receiver, known before any money moves. */
interface Sale {
  gift: GiftDefinition;
  receiverId: string;
  total: bigint;
}

const ORDER_KEY = 'uq_orders_sender_key';

/** Why a transaction rolled back without an error of its own. */
type Aborted = { aborted: 'insufficient_balance' } | { aborted: 'key_taken' };

/**
 * Sending a gift: one transaction debits the sender (only if the balance covers it), records the
 * order under (sender, idempotency key), credits the room's owner, writes the ledger pair and the
 * outbox row. The outbox relay publishes the event after commit, so an event exists exactly when
 * money moved.
 */
export class SendGiftService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly rooms: RoomDirectory,
    private readonly hooks: SendGiftHooks = {},
    private readonly now: () => number = Date.now,
  ) {}

  async send(input: SendGiftCommand): Promise<SendGiftResult> {
    const stopTimer = this.hooks.metrics?.sendDuration.startTimer();
    try {
      const result = await this.place(validateSendGift(input));
      const outcome = result.duplicate ? 'duplicate' : 'ok';
      this.hooks.metrics?.sends.inc({ outcome, reason: 'none' });
      stopTimer?.({ outcome });
      return result;
    } catch (error) {
      const rejected = error instanceof DomainError;
      const outcome = rejected ? 'rejected' : 'error';
      this.hooks.metrics?.sends.inc({ outcome, reason: rejected ? error.reason : 'internal' });
      stopTimer?.({ outcome });
      throw error;
    }
  }

  private async place(command: SendGiftCommand): Promise<SendGiftResult> {
    let sale: Sale;
    try {
      sale = await this.price(command);
    } catch (error) {
      // A retry is answered even if the room ended (or the gift was withdrawn) meanwhile.
      const earlier = await this.findOrder(command.senderId, command.idempotencyKey);
      if (earlier) return replay(earlier, command);
      throw error;
    }

    // Two round trips: the debit, then the rest with the commit. A retried key is caught by the
    // order's unique key in the second batch, which rolls the debit back.
    const outcome = await inTransaction<SendGiftResult | Aborted>(this.dataSource, async (tx) => {
      const now = this.now();
      // The conditional debit is the overdraft guard: under any concurrency, the row lock orders
      // the debits and each one re-checks the balance it sees.
      const [debit, [sender]] = (await tx.run(
        statement('UPDATE wallets SET balance = balance - ?, updated_at = ? WHERE user_id = ? AND balance >= ?', [String(sale.total), now, command.senderId, String(sale.total)]),
        balanceStatement(command.senderId),
      )) as [unknown, Array<{ balance: string }>];
      if (affectedRows(debit) === 0) return new Rollback<Aborted>({ aborted: 'insufficient_balance' });
      const senderBalance = BigInt(sender.balance);

      const order: PlacedOrder = { orderId: randomUUID(), eventId: randomUUID(), roomId: command.roomId, senderId: command.senderId, senderName: command.senderName, receiverId: sale.receiverId, gift: sale.gift, count: command.count, total: sale.total, createdAt: now };
      try {
        await tx.commit(
          orderStatement(order, command.idempotencyKey, senderBalance),
          // Credited after the debit and before the outbox row: the receiver's row lock then also
          // orders one room's outbox ids in commit order, which the relay's per-room order relies on.
          creditStatement(order.receiverId, order.total, now),
          postingsStatement(giftPostings(order.senderId, order.receiverId, order.total), new Map<string, bigint | typeof BALANCE_IN_ROW>([[order.senderId, senderBalance], [order.receiverId, BALANCE_IN_ROW]]), {
            orderId: order.orderId,
            createdAt: now,
          }),
          outboxStatement(order),
        );
      } catch (error) {
        if (isDuplicateKey(error, ORDER_KEY)) return new Rollback<Aborted>({ aborted: 'key_taken' });
        throw error;
      }
      return { orderId: order.orderId, balance: senderBalance, duplicate: false };
    });

    if ('orderId' in outcome) {
      this.hooks.onCommitted?.();
      return outcome;
    }
    // The key was used before, or a concurrent request with it committed first (its debit may
    // also be why this one found the balance short): answer with its order.
    const earlier = await this.findOrder(command.senderId, command.idempotencyKey);
    if (earlier) return replay(earlier, command);
    throw new InsufficientBalanceError(await walletBalance(this.dataSource, command.senderId), sale.total);
  }

  /** What the send costs and who receives it; throws the refusals that need no money moved. */
  private async price(command: SendGiftCommand): Promise<Sale> {
    const gift = sendableGift(await this.catalog.forSending(command.giftId), command.giftId);
    const room = await this.rooms.lookup(command.roomId);
    if (!room.live) throw new RoomNotLiveError(command.roomId);
    if (room.ownerId === command.senderId) throw new ForbiddenError('a streamer cannot send gifts to their own room', 'own_room');
    return { gift, receiverId: room.ownerId, total: orderTotal(gift.price, command.count) };
  }

  private async findOrder(senderId: string, idempotencyKey: string): Promise<OrderRow | undefined> {
    const [row]: OrderRow[] = await this.dataSource.query(
      'SELECT id, room_id, gift_id, count, sender_balance_after FROM gift_orders WHERE sender_id = ? AND idempotency_key = ?',
      [senderId, idempotencyKey],
    );
    return row;
  }
}

function orderStatement(order: PlacedOrder, idempotencyKey: string, senderBalance: bigint): Statement {
  return statement(
    `INSERT INTO gift_orders (id, sender_id, idempotency_key, sender_name, room_id, receiver_id, gift_id, count, unit_price, total_value, sender_balance_after, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [order.orderId, order.senderId, idempotencyKey, order.senderName, order.roomId, order.receiverId, order.gift.id, order.count, String(order.gift.price), String(order.total), String(senderBalance), order.createdAt],
  );
}

function outboxStatement(order: PlacedOrder): Statement {
  // The sender's trace context rides along, so the relay's publish joins the send's trace.
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return statement('INSERT INTO gift_outbox (event_id, lane, room_id, order_id, payload, headers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    order.eventId,
    outboxLane(order.roomId),
    order.roomId,
    order.orderId,
    encodeGiftSent(order),
    JSON.stringify(headers),
    order.createdAt,
  ]);
}

function replay(earlier: OrderRow, command: SendGiftCommand): SendGiftResult {
  if (!sameSend({ roomId: earlier.room_id, giftId: earlier.gift_id, count: Number(earlier.count) }, command)) throw new IdempotencyKeyReusedError();
  return { orderId: earlier.id, balance: BigInt(earlier.sender_balance_after), duplicate: true };
}
