import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys compare byte for byte: under the database's case-insensitive collation "Tap-1"
 * and "tap-1" were one key, so a client's second, different send could be answered with its first.
 */
export class CaseSensitiveIdempotencyKeys1733000000002 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE gift_orders MODIFY idempotency_key VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL');
    await runner.query('ALTER TABLE recharges MODIFY idempotency_key VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    // Back to the table default; fails if keys now differ only by case (they were distinct sends).
    await runner.query('ALTER TABLE recharges MODIFY idempotency_key VARCHAR(128) NOT NULL');
    await runner.query('ALTER TABLE gift_orders MODIFY idempotency_key VARCHAR(128) NOT NULL');
  }
}
