import { randomUUID } from 'node:crypto';
import { context, propagation } from '@opentelemetry/api';
import { DomainError, ForbiddenError } from '@ovation/errors';
import {
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
import type { DataSource, QueryRunner } from 'typeorm';
import { CatalogService } from '../catalog/catalog.service';
import type { GiftMetrics } from '../metrics/gift-metrics';
import type { RoomDirectory } from '../rooms/room-directory';
import { affectedRows, inTransaction, isDuplicateKey, Rollback } from '../shared/transaction';
import { creditWallet, walletBalance, writePostings } from '../wallets/ledger-writer';
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
    // A retry is answered before any lookup: it must work even if the room ended meanwhile.
    const earlier = await this.findOrder(command.senderId, command.idempotencyKey);
    if (earlier) return replay(earlier, command);

    const gift = sendableGift(await this.catalog.forSending(command.giftId), command.giftId);
    const room = await this.rooms.lookup(command.roomId);
    if (!room.live) throw new RoomNotLiveError(command.roomId);
    if (room.ownerId === command.senderId) throw new ForbiddenError('a streamer cannot send gifts to their own room', 'own_room');
    const total = orderTotal(gift.price, command.count);

    const outcome = await inTransaction<SendGiftResult | Aborted>(this.dataSource, async (runner) => {
      const now = this.now();
      // The conditional debit is the overdraft guard: under any concurrency, the row lock orders
      // the debits and each one re-checks the balance it sees.
      const debit = await runner.query('UPDATE wallets SET balance = balance - ?, updated_at = ? WHERE user_id = ? AND balance >= ?', [
        String(total),
        now,
        command.senderId,
        String(total),
      ]);
      if (affectedRows(debit) === 0) return new Rollback<Aborted>({ aborted: 'insufficient_balance' });
      const senderBalance = await walletBalance(runner, command.senderId);

      const order: PlacedOrder = { orderId: randomUUID(), eventId: randomUUID(), roomId: command.roomId, senderId: command.senderId, senderName: command.senderName, receiverId: room.ownerId, gift, count: command.count, total, createdAt: now };
      if (!(await this.insertOrder(runner, order, command.idempotencyKey, senderBalance))) return new Rollback<Aborted>({ aborted: 'key_taken' });

      // Credited after the debit and before the outbox row: the receiver's row lock then also
      // orders one room's outbox ids in commit order, which the relay's per-room order relies on.
      const receiverBalance = await creditWallet(runner, room.ownerId, total, now);
      await writePostings(runner, giftPostings(command.senderId, room.ownerId, total), new Map([[command.senderId, senderBalance], [room.ownerId, receiverBalance]]), {
        orderId: order.orderId,
        createdAt: now,
      });
      await this.insertOutbox(runner, order);
      return { orderId: order.orderId, balance: senderBalance, duplicate: false };
    });

    if ('orderId' in outcome) {
      this.hooks.onCommitted?.();
      return outcome;
    }
    // A concurrent request with the same key committed first (its debit may also be why this
    // one found the balance short): answer with its order.
    const concurrent = await this.findOrder(command.senderId, command.idempotencyKey);
    if (concurrent) return replay(concurrent, command);
    throw new InsufficientBalanceError(await walletBalance(this.dataSource, command.senderId), total);
  }

  private async insertOrder(runner: QueryRunner, order: PlacedOrder, idempotencyKey: string, senderBalance: bigint): Promise<boolean> {
    try {
      await runner.query(
        `INSERT INTO gift_orders (id, sender_id, idempotency_key, sender_name, room_id, receiver_id, gift_id, count, unit_price, total_value, sender_balance_after, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          order.orderId,
          order.senderId,
          idempotencyKey,
          order.senderName,
          order.roomId,
          order.receiverId,
          order.gift.id,
          order.count,
          String(order.gift.price),
          String(order.total),
          String(senderBalance),
          order.createdAt,
        ],
      );
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  private async insertOutbox(runner: QueryRunner, order: PlacedOrder): Promise<void> {
    // The sender's trace context rides along, so the relay's publish joins the send's trace.
    const headers: Record<string, string> = {};
    propagation.inject(context.active(), headers);
    await runner.query('INSERT INTO gift_outbox (event_id, lane, room_id, order_id, payload, headers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      order.eventId,
      outboxLane(order.roomId),
      order.roomId,
      order.orderId,
      encodeGiftSent(order),
      JSON.stringify(headers),
      order.createdAt,
    ]);
  }

  private async findOrder(senderId: string, idempotencyKey: string): Promise<OrderRow | undefined> {
    const [row]: OrderRow[] = await this.dataSource.query(
      'SELECT id, room_id, gift_id, count, sender_balance_after FROM gift_orders WHERE sender_id = ? AND idempotency_key = ?',
      [senderId, idempotencyKey],
    );
    return row;
  }
}

function replay(earlier: OrderRow, command: SendGiftCommand): SendGiftResult {
  if (!sameSend({ roomId: earlier.room_id, giftId: earlier.gift_id, count: Number(earlier.count) }, command)) throw new IdempotencyKeyReusedError();
  return { orderId: earlier.id, balance: BigInt(earlier.sender_balance_after), duplicate: true };
}
