import { ByteExactColumns } from '@ovation/database';

/**
 * Idempotency keys compare byte for byte: under the database's case-insensitive collation "Tap-1"
 * and "tap-1" were one key, so a client's second, different send could be answered with its first.
 */
export class CaseSensitiveIdempotencyKeys1733000000002 extends ByteExactColumns {
  constructor() {
    super({
      gift_orders: [{ name: 'idempotency_key', type: 'VARCHAR(128)' }],
      recharges: [{ name: 'idempotency_key', type: 'VARCHAR(128)' }],
    });
  }
}
