import type { DataSource } from 'typeorm';

/** `table.column` of every column of the data source's database that compares byte for byte (utf8mb4_bin), sorted. */
export async function byteExactColumnsOf(dataSource: DataSource): Promise<string[]> {
  const rows = (await dataSource.query(
    "SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME = 'utf8mb4_bin'",
  )) as Array<{ name: string }>;
  return rows.map((row) => row.name).sort();
}
