import { MigrationInterface, QueryRunner } from 'typeorm';

/** Catalog, wallets, the double-entry ledger, orders, the outbox and its lanes, consumed events. */
export class CreateGiftLedger1733000000000 implements MigrationInterface {
  name = 'CreateGiftLedger1733000000000';

  async up(runner: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await runner.query(`
      CREATE TABLE gifts (
        id VARCHAR(64) NOT NULL PRIMARY KEY,
        name VARCHAR(64) NOT NULL,
        price BIGINT NOT NULL,
        icon_url VARCHAR(500) NOT NULL DEFAULT '',
        tier VARCHAR(16) NOT NULL,
        combo_able TINYINT(1) NOT NULL,
        enabled TINYINT(1) NOT NULL,
        sort_order INT NOT NULL,
        updated_at BIGINT NOT NULL,
        CONSTRAINT chk_gifts_price CHECK (price > 0)
      ) ${table}`);
    // The CHECK is the last line of defence: the debit's WHERE balance >= ? is the first.
    await runner.query(`
      CREATE TABLE wallets (
        user_id VARCHAR(64) NOT NULL PRIMARY KEY,
        balance BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        CONSTRAINT chk_wallets_balance CHECK (balance >= 0)
      ) ${table}`);
    await runner.query(`
      CREATE TABLE recharges (
        id CHAR(36) NOT NULL PRIMARY KEY,
        idempotency_key VARCHAR(128) NOT NULL,
        user_id VARCHAR(64) NOT NULL,
        amount BIGINT NOT NULL,
        balance_after BIGINT NOT NULL,
        ledger_entry_id BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        UNIQUE KEY uq_recharges_key (idempotency_key)
      ) ${table}`);
    await runner.query(`
      CREATE TABLE gift_orders (
        id CHAR(36) NOT NULL PRIMARY KEY,
        sender_id VARCHAR(64) NOT NULL,
        idempotency_key VARCHAR(128) NOT NULL,
        sender_name VARCHAR(64) NOT NULL,
        room_id VARCHAR(64) NOT NULL,
        receiver_id VARCHAR(64) NOT NULL,
        gift_id VARCHAR(64) NOT NULL,
        count INT NOT NULL,
        unit_price BIGINT NOT NULL,
        total_value BIGINT NOT NULL,
        sender_balance_after BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        UNIQUE KEY uq_orders_sender_key (sender_id, idempotency_key),
        INDEX idx_orders_room (room_id, created_at),
        INDEX idx_orders_created (created_at)
      ) ${table}`);
    await runner.query(`
      CREATE TABLE ledger_entries (
        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        account_id VARCHAR(64) NOT NULL,
        kind VARCHAR(16) NOT NULL,
        amount BIGINT NOT NULL,
        balance_after BIGINT NULL,
        order_id CHAR(36) NULL,
        recharge_id CHAR(36) NULL,
        created_at BIGINT NOT NULL,
        INDEX idx_ledger_account (account_id, id),
        INDEX idx_ledger_order (order_id)
      ) ${table}`);
    await runner.query(`
      CREATE TABLE gift_outbox (
        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        event_id CHAR(36) NOT NULL,
        lane TINYINT UNSIGNED NOT NULL,
        room_id VARCHAR(64) NOT NULL,
        order_id CHAR(36) NOT NULL,
        payload VARBINARY(4096) NOT NULL,
        headers VARCHAR(512) NOT NULL DEFAULT '{}',
        created_at BIGINT NOT NULL,
        published_at BIGINT NULL,
        UNIQUE KEY uq_outbox_event (event_id),
        INDEX idx_outbox_pending (published_at, lane, id),
        INDEX idx_outbox_order (order_id)
      ) ${table}`);
    // One row per lane: a relay locks the lanes it works (FOR UPDATE SKIP LOCKED).
    await runner.query(`CREATE TABLE gift_outbox_lanes (lane TINYINT UNSIGNED NOT NULL PRIMARY KEY) ${table}`);
    await runner.query(`INSERT INTO gift_outbox_lanes (lane) VALUES ${Array.from({ length: 16 }, (_, lane) => `(${lane})`).join(',')}`);
    await runner.query(`
      CREATE TABLE consumed_events (
        consumer VARCHAR(32) NOT NULL,
        event_id CHAR(36) NOT NULL,
        order_id CHAR(36) NOT NULL,
        consumed_at BIGINT NOT NULL,
        PRIMARY KEY (consumer, event_id),
        INDEX idx_consumed_order (order_id)
      ) ${table}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const name of ['consumed_events', 'gift_outbox_lanes', 'gift_outbox', 'ledger_entries', 'gift_orders', 'recharges', 'wallets', 'gifts']) {
      await runner.query(`DROP TABLE ${name}`);
    }
  }
}
