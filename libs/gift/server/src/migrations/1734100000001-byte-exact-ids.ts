import { ByteExactColumns } from '@ovation/database';

/**
 * Every id compares byte for byte, as the code compares them: under the case-insensitive
 * collation a token for `DEMO` read and spent the wallet of `demo`, and a streamer sending as
 * `RVW-OWNER2` paid their own room from their own wallet and climbed the ranking for free.
 */
export class ByteExactIds1734100000001 extends ByteExactColumns {
  name = 'ByteExactIds1734100000001';

  constructor() {
    const uuid = (name: string, nullable = false) => ({ name, type: 'CHAR(36)', nullable });
    const id = (name: string) => ({ name, type: 'VARCHAR(64)' });
    super({
      gifts: [id('id')],
      wallets: [id('user_id')],
      recharges: [uuid('id'), id('user_id')],
      gift_orders: [uuid('id'), id('sender_id'), id('room_id'), id('receiver_id'), id('gift_id')],
      ledger_entries: [id('account_id'), uuid('order_id', true), uuid('recharge_id', true)],
      gift_outbox: [uuid('event_id'), id('room_id'), uuid('order_id')],
      consumed_events: [{ name: 'consumer', type: 'VARCHAR(32)' }, uuid('event_id'), uuid('order_id')],
    });
  }
}
