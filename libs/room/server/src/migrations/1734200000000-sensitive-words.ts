import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sensitive-word lists: the platform's (room_id '') and each room's own. The list row carries the
 * version push nodes compare (and is the lock a change takes); the words are compared byte for
 * byte (utf8mb4_bin), as entered after normalization.
 */
export class SensitiveWords1734200000000 implements MigrationInterface {
  name = 'SensitiveWords1734200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE sensitive_word_lists (
        room_id VARCHAR(36) NOT NULL PRIMARY KEY COMMENT 'empty for the platform list',
        version BIGINT NOT NULL,
        updated_by VARCHAR(64) NOT NULL,
        updated_at BIGINT NOT NULL
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await runner.query(`
      CREATE TABLE sensitive_words (
        room_id VARCHAR(36) NOT NULL,
        word VARCHAR(64) NOT NULL,
        added_by VARCHAR(64) NOT NULL,
        added_at BIGINT NOT NULL,
        PRIMARY KEY (room_id, word)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE sensitive_words');
    await runner.query('DROP TABLE sensitive_word_lists');
  }
}
