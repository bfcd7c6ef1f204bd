import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDanmakuArchive1732400000000 implements MigrationInterface {
  name = 'CreateDanmakuArchive1732400000000';

  async up(runner: QueryRunner): Promise<void> {
    // One row per live session of a room: its start is the zero of every replay offset.
    await runner.query(`
      CREATE TABLE danmaku_streams (
        room_id VARCHAR(64) NOT NULL,
        started_at_ms BIGINT NOT NULL,
        ended_at_ms BIGINT NULL,
        -- 1 when no LIVE event was seen before the session's first chat (its first chat's time stands in).
        inferred TINYINT(1) NOT NULL DEFAULT 0,
        PRIMARY KEY (room_id, started_at_ms)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    // Clustered by what replay scans (a room's session, by time); the message id makes redelivery a no-op.
    await runner.query(`
      CREATE TABLE danmaku_archive (
        room_id VARCHAR(64) NOT NULL,
        stream_started_at_ms BIGINT NOT NULL,
        offset_ms BIGINT NOT NULL,
        position BIGINT NOT NULL,
        message_id VARCHAR(128) NOT NULL,
        client_msg_id VARCHAR(128) NOT NULL,
        user_id VARCHAR(128) NOT NULL,
        display_name VARCHAR(255) NOT NULL,
        text TEXT NOT NULL,
        role VARCHAR(32) NOT NULL,
        sent_at_ms BIGINT NOT NULL,
        PRIMARY KEY (room_id, stream_started_at_ms, offset_ms, position),
        UNIQUE KEY uq_danmaku_archive_message (message_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE danmaku_archive');
    await runner.query('DROP TABLE danmaku_streams');
  }
}
