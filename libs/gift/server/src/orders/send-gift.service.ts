import { randomUUID } from 'node:crypto';
import { type Context, context, propagation, trace } from '@opentelemetry/api';
import { GroupCommit, GroupCommitFullError } from '@ovation/batching';
import { DomainError, ForbiddenError } from '@ovation/errors';
import {
  GiftDefinition,
  IdempotencyKeyReusedError,
  InsufficientBalanceError,
  orderTotal,
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
import { inTransaction, isLockNotGranted, isStatementError } from '@ovation/database';
import { settleSpans } from '@ovation/observability';
import type { PlacedOrder } from './gift-event';
import { OrderToPlace, Placement, placementStatements, readPlacements, walletLocksStatement } from './order-placement';

export interface SendGiftOptions {
  metrics?: GiftMetrics;
  /** Called after each committed batch of orders: wakes a relay in this process instead of waiting for its poll. */
  onCommitted?: () => void;
  /** The most orders one transaction carries (default 50). */
  maxBatchSize?: number;
  /** The most orders that may wait for a transaction; beyond, sends are refused as unavailable (default 1000). */
  maxWaiting?: number;
  /** How long a transaction waits for a wallet row another one holds (default 5 s); then its orders are tried one by one. */
  lockWaitTimeoutSeconds?: number;
}

/** A wallet of the order stayed locked by another transaction past the lock wait: try again. */
export class WalletBusyError extends DomainError {
  constructor() {
    super('unavailable', 'a wallet of this gift is busy in another transaction; try again with the same idempotency key', 'wallet_busy');
  }
}

/** Sends refused because too many wait already: the database is stalled or far behind. */
export class SendsBackloggedError extends DomainError {
  constructor(waiting: number) {
    super('unavailable', `too many gift sends are waiting (${waiting}); try again shortly`, 'sends_backlogged');
  }
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

interface PendingOrder extends OrderToPlace {
  /** The send's trace, which the batch's span links to. */
  context: Context;
}

const tracer = trace.getTracer('@ovation/gift-server');
const KNOWN_WALLETS_MAX = 100_000;


/**
 * Sending a gift: one transaction debits the sender (only if the balance covers it), records the
 * order under (sender, idempotency key), credits the room's owner, writes the ledger pair and the
 * outbox row. The outbox relay publishes the event after commit, so an event exists exactly when
 * money moved.
 *
 * Group commit: while a transaction is in flight, further orders queue and are placed together in
 * the next one, in one round trip with one commit. Each order's statements decide for themselves
 * (order-placement.ts), so one order refused for its balance or a reused key changes nothing for
 * the others; a batch that a statement fails (bad data, a wallet locked too long) is placed again
 * one order at a time, without waiting for held wallets again, so only the bad order fails. A
 * batch first locks every wallet it touches in one order of ids, so batches of several processes
 * never deadlock on each other; a lost database fails the batch at once. The queue is bounded: a stalled database turns sends away
 * (unavailable) instead of piling up orders whose clients gave up.
 */
export class SendGiftService {
  private readonly placements: GroupCommit<PendingOrder, PromiseSettledResult<Placement>>;
  private readonly knownWallets = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly rooms: RoomDirectory,
    private readonly options: SendGiftOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.placements = new GroupCommit((_lane, orders) => this.placeBatch(orders), { maxBatchSize: options.maxBatchSize ?? 50, maxWaiting: options.maxWaiting ?? 1000 });
  }

  async send(input: SendGiftCommand): Promise<SendGiftResult> {
    const stopTimer = this.options.metrics?.sendDuration.startTimer();
    try {
      const result = await this.place(validateSendGift(input));
      const outcome = result.duplicate ? 'duplicate' : 'ok';
      this.options.metrics?.sends.inc({ outcome, reason: 'none' });
      stopTimer?.({ outcome });
      return result;
    } catch (error) {
      const rejected = error instanceof DomainError;
      const outcome = rejected ? 'rejected' : 'error';
      this.options.metrics?.sends.inc({ outcome, reason: rejected ? error.reason : 'internal' });
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

    const order: PlacedOrder = { orderId: randomUUID(), eventId: randomUUID(), roomId: command.roomId, senderId: command.senderId, senderName: command.senderName, receiverId: sale.receiverId, gift: sale.gift, count: command.count, total: sale.total, createdAt: this.now() };
    // The sender's trace context rides along in the outbox row, so the relay's publish joins it.
    const outboxHeaders: Record<string, string> = {};
    propagation.inject(context.active(), outboxHeaders);
    const settled = await this.placements.submit('orders', { order, idempotencyKey: command.idempotencyKey, outboxHeaders, context: context.active() }).catch((error: unknown) => {
      throw error instanceof GroupCommitFullError ? new SendsBackloggedError(error.waiting) : error;
    });
    if (settled.status === 'rejected') throw isLockNotGranted(settled.reason) ? new WalletBusyError() : settled.reason;
    const placement = settled.value;
    if (placement.placed) return { orderId: order.orderId, balance: placement.balance, duplicate: false };

    // The key was used before, or a concurrent request with it committed first (its debit may
    // also be why this one found the balance short): answer with its order.
    const earlier = await this.findOrder(command.senderId, command.idempotencyKey);
    if (earlier) return replay(earlier, command);
    if (placement.covered) throw new Error(`order key ${command.idempotencyKey} of ${command.senderId} was taken, yet no order has it`);
    throw new InsufficientBalanceError(placement.balance, sale.total);
  }

  private async placeBatch(orders: PendingOrder[]): Promise<Array<PromiseSettledResult<Placement>>> {
    this.options.metrics?.sendBatchSize.observe(orders.length);
    try {
      return (await this.commitTogether(orders)).map((value) => ({ status: 'fulfilled', value }));
    } catch (error) {
      if (orders.length === 1 || !isStatementError(error)) return orders.map(() => ({ status: 'rejected', reason: error }));
      // One by one, without waiting for a held wallet again: the batch has waited for it already,
      // and each order waiting its turn would hold the whole queue for minutes.
      const alone: Array<PromiseSettledResult<Placement>> = [];
      for (const order of orders) {
        try {
          alone.push({ status: 'fulfilled', value: (await this.commitTogether([order], 'nowait'))[0] });
        } catch (reason) {
          alone.push({ status: 'rejected', reason });
        }
      }
      return alone;
    }
  }

  /** One transaction, one round trip: every order's statements, then COMMIT. */
  private commitTogether(orders: PendingOrder[], locks: 'wait' | 'nowait' = 'wait'): Promise<Placement[]> {
    const links = orders.map((pending) => trace.getSpanContext(pending.context)).filter((linked) => linked !== undefined).map((linked) => ({ context: linked }));
    // A child of the first send's trace (so its MySQL time shows there), linked to every send it carries.
    return tracer.startActiveSpan('gift place orders', { links, attributes: { 'ovation.gift.orders': orders.length } }, orders[0].context, (span) =>
      settleSpans([span], async () => {
        const statements = orders.map(placementStatements);
        const results = await inTransaction(this.dataSource, (tx) => tx.commit(walletLocksStatement(orders, locks), ...statements.flat()), {
          lockWaitTimeoutSeconds: this.options.lockWaitTimeoutSeconds ?? 5,
        });
        const placements = readPlacements(results.slice(1), statements);
        if (placements.some((placement) => placement.placed)) this.options.onCommitted?.();
        return placements;
      }),
    );
  }

  /** What the send costs and who receives it; throws the refusals that need no money moved. */
  private async price(command: SendGiftCommand): Promise<Sale> {
    const gift = sendableGift(await this.catalog.forSending(command.giftId), command.giftId);
    const room = await this.rooms.lookup(command.roomId);
    if (!room.live) throw new RoomNotLiveError(command.roomId);
    if (room.ownerId === command.senderId) throw new ForbiddenError('a streamer cannot send gifts to their own room', 'own_room');
    await this.ensureWallet(room.ownerId);
    return { gift, receiverId: room.ownerId, total: orderTotal(gift.price, command.count) };
  }

  /**
   * Gives the receiver a wallet row before its first order is batched, so a batch's ordered
   * wallet locks cover every wallet it touches (a row created inside the batch would be locked
   * out of order). Remembered per process; at worst the empty insert runs again. A plain read
   * comes first: the insert's duplicate check waits for the row's lock, which every batch paying
   * this receiver holds, for as long as that batch waits for a sender's wallet.
   */
  private async ensureWallet(userId: string): Promise<void> {
    if (this.knownWallets.has(userId)) return;
    const [existing]: unknown[] = await this.dataSource.query('SELECT 1 FROM wallets WHERE user_id = ?', [userId]);
    if (!existing) await this.dataSource.query('INSERT IGNORE INTO wallets (user_id, balance, updated_at) VALUES (?, 0, ?)', [userId, this.now()]);
    if (this.knownWallets.size >= KNOWN_WALLETS_MAX) this.knownWallets.clear();
    this.knownWallets.add(userId);
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
