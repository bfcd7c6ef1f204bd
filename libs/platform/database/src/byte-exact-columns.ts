import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A text column exactly as its table declares it, less the collation. */
export interface TextColumn {
  name: string;
  /** e.g. `VARCHAR(64)`, `CHAR(36)`. */
  type: string;
  nullable?: boolean;
}

/** utf8mb4_bin: equal only when the bytes are; ordered by code point. */
export const BYTE_EXACT_COLLATION = 'utf8mb4_bin';

/** The column options an entity gives such a column, so the entity says what the schema has: `@Column({ ..., ...byteExact })`. */
export const byteExact = { charset: 'utf8mb4', collation: BYTE_EXACT_COLLATION } as const;

function modify(table: string, columns: TextColumn[], collation: string | undefined): string {
  const charset = collation ? ` CHARACTER SET utf8mb4 COLLATE ${collation}` : '';
  return `ALTER TABLE ${table} ${columns.map((column) => `MODIFY ${column.name} ${column.type}${charset} ${column.nullable ? 'NULL' : 'NOT NULL'}`).join(', ')}`;
}

/**
 * A migration that makes columns compare byte for byte (utf8mb4_bin): under the database's
 * case- and accent-insensitive collation `DEMO` and `demo` are one key. One ALTER per table keeps
 * the data, the type, the nullability and every index (the table is rebuilt once); a unique key
 * cannot break, since binary equality is finer. `down` gives the columns the table's default
 * collation back, and fails if values now differ only by case (they are distinct rows by then).
 * A subclass names the tables in its constructor.
 */
export abstract class ByteExactColumns implements MigrationInterface {
  protected constructor(private readonly tables: Record<string, TextColumn[]>) {}

  async up(runner: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(this.tables)) await runner.query(modify(table, columns, BYTE_EXACT_COLLATION));
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(this.tables).reverse()) await runner.query(modify(table, columns, undefined));
  }
}
