import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stream keys (only their SHA-256 and version), the stream feeding a live room (node, session,
 * when it was lost: the grace timer survives a restart), the latest thumbnail, and the
 * moderation lists. Rooms created before it get their key hash the first time the owner asks.
 */
export class StreamKeysAndModeration1732300000000 implements MigrationInterface {
  name = 'StreamKeysAndModeration1732300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE rooms
        ADD COLUMN stream_key_hash CHAR(64) NULL,
        ADD COLUMN key_version INT NOT NULL DEFAULT 1,
        ADD COLUMN publishing_node VARCHAR(128) NULL,
        ADD COLUMN publishing_stream_id VARCHAR(128) NULL,
        ADD COLUMN stream_lost_at BIGINT NULL,
        ADD COLUMN thumbnail_url VARCHAR(500) NOT NULL DEFAULT '',
        ADD UNIQUE INDEX uq_rooms_stream_key_hash (stream_key_hash),
        ADD INDEX idx_rooms_stream_lost (stream_lost_at)`);
    await runner.query(`
      CREATE TABLE room_admins (
        room_id CHAR(36) NOT NULL,
        user_id VARCHAR(64) NOT NULL,
        appointed_by VARCHAR(64) NOT NULL,
        appointed_at BIGINT NOT NULL,
        PRIMARY KEY (room_id, user_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await runner.query(`
      CREATE TABLE room_mutes (
        room_id CHAR(36) NOT NULL,
        user_id VARCHAR(64) NOT NULL,
        mute_until BIGINT NOT NULL COMMENT 'epoch ms; 0 = until unmuted',
        reason VARCHAR(200) NOT NULL DEFAULT '',
        by_user_id VARCHAR(64) NOT NULL,
        muted_at BIGINT NOT NULL,
        PRIMARY KEY (room_id, user_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await runner.query(`
      CREATE TABLE room_bans (
        room_id CHAR(36) NOT NULL,
        user_id VARCHAR(64) NOT NULL,
        reason VARCHAR(200) NOT NULL DEFAULT '',
        by_user_id VARCHAR(64) NOT NULL,
        banned_at BIGINT NOT NULL,
        PRIMARY KEY (room_id, user_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE room_bans');
    await runner.query('DROP TABLE room_mutes');
    await runner.query('DROP TABLE room_admins');
    await runner.query(`
      ALTER TABLE rooms
        DROP INDEX idx_rooms_stream_lost,
        DROP INDEX uq_rooms_stream_key_hash,
        DROP COLUMN thumbnail_url,
        DROP COLUMN stream_lost_at,
        DROP COLUMN publishing_stream_id,
        DROP COLUMN publishing_node,
        DROP COLUMN key_version,
        DROP COLUMN stream_key_hash`);
  }
}
