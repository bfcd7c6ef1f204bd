import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRooms1732190000000 implements MigrationInterface {
  name = 'CreateRooms1732190000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE rooms (
        id CHAR(36) NOT NULL PRIMARY KEY,
        owner_id VARCHAR(64) NOT NULL,
        title VARCHAR(120) NOT NULL,
        category VARCHAR(40) NOT NULL,
        cover_url VARCHAR(500) NOT NULL DEFAULT '',
        status VARCHAR(16) NOT NULL,
        created_at BIGINT NOT NULL,
        live_at BIGINT NULL,
        ended_at BIGINT NULL,
        INDEX idx_rooms_owner (owner_id, created_at),
        INDEX idx_rooms_status (status)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE rooms');
  }
}
