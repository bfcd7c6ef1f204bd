import type { GiftDefinition, GiftTier } from '@ovation/gift-domain';
import type { DataSource } from 'typeorm';

interface GiftRow {
  id: string;
  name: string;
  price: string;
  icon_url: string;
  tier: string;
  combo_able: number;
  enabled: number;
  sort_order: number;
}

const COLUMNS = 'id, name, price, icon_url, tier, combo_able, enabled, sort_order';

const toGift = (row: GiftRow): GiftDefinition => ({
  id: row.id,
  name: row.name,
  price: BigInt(row.price),
  iconUrl: row.icon_url,
  tier: row.tier as GiftTier,
  comboAble: Boolean(row.combo_able),
  enabled: Boolean(row.enabled),
  sortOrder: row.sort_order,
});

export class CatalogRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => number = Date.now,
  ) {}

  async list(includeDisabled: boolean): Promise<GiftDefinition[]> {
    const rows: GiftRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM gifts ${includeDisabled ? '' : 'WHERE enabled = 1'} ORDER BY sort_order, id`,
    );
    return rows.map(toGift);
  }

  async find(id: string): Promise<GiftDefinition | undefined> {
    const [row]: GiftRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM gifts WHERE id = ?`, [id]);
    return row && toGift(row);
  }

  async upsert(gift: GiftDefinition): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO gifts (id, name, price, icon_url, tier, combo_able, enabled, sort_order, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE name = VALUES(name), price = VALUES(price), icon_url = VALUES(icon_url), tier = VALUES(tier),
         combo_able = VALUES(combo_able), enabled = VALUES(enabled), sort_order = VALUES(sort_order), updated_at = VALUES(updated_at)`,
      [gift.id, gift.name, String(gift.price), gift.iconUrl, gift.tier, gift.comboAble, gift.enabled, gift.sortOrder, this.now()],
    );
  }

  /** False when there is no such gift. */
  async setEnabled(id: string, enabled: boolean): Promise<boolean> {
    const result = await this.dataSource.query('UPDATE gifts SET enabled = ?, updated_at = ? WHERE id = ?', [enabled, this.now(), id]);
    return (result as { affectedRows: number }).affectedRows > 0;
  }
}
