import { MigrationInterface, QueryRunner } from 'typeorm';

/** The starting catalog (prices in coins); admins change it through the gateway afterwards. */
const SEED = [
  ['rose', 'Rose', 1, 'basic', 1, 10],
  ['lollipop', 'Lollipop', 10, 'basic', 1, 20],
  ['heart', 'Heart', 50, 'animated', 1, 30],
  ['fireworks', 'Fireworks', 500, 'animated', 0, 40],
  ['sports-car', 'Sports car', 2000, 'fullscreen', 0, 50],
  ['rocket', 'Rocket', 10000, 'fullscreen', 0, 60],
] as const;

export class SeedGiftCatalog1733000000001 implements MigrationInterface {
  name = 'SeedGiftCatalog1733000000001';

  async up(runner: QueryRunner): Promise<void> {
    for (const [id, name, price, tier, comboAble, sortOrder] of SEED) {
      await runner.query(
        'INSERT INTO gifts (id, name, price, icon_url, tier, combo_able, enabled, sort_order, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)',
        [id, name, price, `/gifts/${id}.png`, tier, comboAble, sortOrder, Date.now()],
      );
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM gifts WHERE id IN (${SEED.map(() => '?').join(',')})`, SEED.map(([id]) => id));
  }
}
