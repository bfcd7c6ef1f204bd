import { byteExact } from '@ovation/database';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { RoomStatus } from '@ovation/room-domain';
import { epochMillis } from './epoch-millis';

@Entity({ name: 'rooms' })
@Index('idx_rooms_owner', ['ownerId', 'createdAt'])
@Index('idx_rooms_status', ['status'])
@Index('uq_rooms_stream_key_hash', ['streamKeyHash'], { unique: true })
@Index('idx_rooms_stream_lost', ['streamLostAt'])
export class RoomEntity {
  @PrimaryColumn({ type: 'char', length: 36, ...byteExact })
  id!: string;

  @Column({ name: 'owner_id', type: 'varchar', length: 64, ...byteExact })
  ownerId!: string;

  @Column({ type: 'varchar', length: 120 })
  title!: string;

  @Column({ type: 'varchar', length: 40 })
  category!: string;

  @Column({ name: 'cover_url', type: 'varchar', length: 500, default: '' })
  coverUrl!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: RoomStatus;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt!: number;

  @Column({ name: 'live_at', type: 'bigint', nullable: true, transformer: epochMillis })
  liveAt!: number | null;

  @Column({ name: 'ended_at', type: 'bigint', nullable: true, transformer: epochMillis })
  endedAt!: number | null;

  /** SHA-256 of the current stream key; the key itself is derived, never stored. */
  @Column({ name: 'stream_key_hash', type: 'char', length: 64, nullable: true, ...byteExact })
  streamKeyHash!: string | null;

  /** Bumped by every rotation: the key is derived from it. */
  @Column({ name: 'key_version', type: 'int', default: 1 })
  keyVersion!: number;

  @Column({ name: 'publishing_node', type: 'varchar', length: 128, nullable: true, ...byteExact })
  publishingNode!: string | null;

  @Column({ name: 'publishing_stream_id', type: 'varchar', length: 128, nullable: true, ...byteExact })
  publishingStreamId!: string | null;

  /** When the live stream was lost; the room ends once the grace period passed without a new one. */
  @Column({ name: 'stream_lost_at', type: 'bigint', nullable: true, transformer: epochMillis })
  streamLostAt!: number | null;

  @Column({ name: 'thumbnail_url', type: 'varchar', length: 500, default: '' })
  thumbnailUrl!: string;
}
