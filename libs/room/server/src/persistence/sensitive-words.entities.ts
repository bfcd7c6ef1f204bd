import { byteExact } from '@ovation/database';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis } from './epoch-millis';

/** A list's version and last change; room_id '' is the platform's list. */
@Entity({ name: 'sensitive_word_lists' })
export class SensitiveWordListEntity {
  @PrimaryColumn({ name: 'room_id', type: 'varchar', length: 36, ...byteExact })
  roomId!: string;

  @Column({ type: 'bigint', transformer: epochMillis })
  version!: number;

  @Column({ name: 'updated_by', type: 'varchar', length: 64, ...byteExact })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMillis })
  updatedAt!: number;
}

@Entity({ name: 'sensitive_words' })
export class SensitiveWordEntity {
  @PrimaryColumn({ name: 'room_id', type: 'varchar', length: 36, ...byteExact })
  roomId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64, ...byteExact })
  word!: string;

  @Column({ name: 'added_by', type: 'varchar', length: 64, ...byteExact })
  addedBy!: string;

  @Column({ name: 'added_at', type: 'bigint', transformer: epochMillis })
  addedAt!: number;
}
