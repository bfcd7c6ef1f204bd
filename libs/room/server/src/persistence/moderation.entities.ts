import { byteExact } from '@ovation/database';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis } from './epoch-millis';

@Entity({ name: 'room_admins' })
export class RoomAdminEntity {
  @PrimaryColumn({ name: 'room_id', type: 'char', length: 36, ...byteExact })
  roomId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 64, ...byteExact })
  userId!: string;

  @Column({ name: 'appointed_by', type: 'varchar', length: 64, ...byteExact })
  appointedBy!: string;

  @Column({ name: 'appointed_at', type: 'bigint', transformer: epochMillis })
  appointedAt!: number;
}

@Entity({ name: 'room_mutes' })
export class RoomMuteEntity {
  @PrimaryColumn({ name: 'room_id', type: 'char', length: 36, ...byteExact })
  roomId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 64, ...byteExact })
  userId!: string;

  /** Epoch ms; 0 = until unmuted. */
  @Column({ name: 'mute_until', type: 'bigint', transformer: epochMillis })
  muteUntil!: number;

  @Column({ type: 'varchar', length: 200, default: '' })
  reason!: string;

  @Column({ name: 'by_user_id', type: 'varchar', length: 64, ...byteExact })
  byUserId!: string;

  @Column({ name: 'muted_at', type: 'bigint', transformer: epochMillis })
  mutedAt!: number;
}

@Entity({ name: 'room_bans' })
export class RoomBanEntity {
  @PrimaryColumn({ name: 'room_id', type: 'char', length: 36, ...byteExact })
  roomId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 64, ...byteExact })
  userId!: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  reason!: string;

  @Column({ name: 'by_user_id', type: 'varchar', length: 64, ...byteExact })
  byUserId!: string;

  @Column({ name: 'banned_at', type: 'bigint', transformer: epochMillis })
  bannedAt!: number;
}
