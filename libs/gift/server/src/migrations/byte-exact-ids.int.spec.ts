import { randomUUID } from 'node:crypto';
import { createDataSource, DataSourceSettings, ensureDatabase, runMigrations } from '@ovation/database';
import { byteExactColumnsOf, dropDatabases, infraEnv, isolatedNamespace } from '@ovation/testing';
import type { DataSource } from 'typeorm';
import { ReconciliationService } from '../reconcile/reconciliation.service';
import { WalletsService } from '../wallets/wallets.service';
import { giftMigrations } from './index';

// A gift database from before ByteExactIds, with money in it, upgraded in place.
const env = infraEnv();
const { databaseSuffix } = isolatedNamespace();
const settings: DataSourceSettings = {
  host: env.MYSQL_HOST,
  port: Number(env.MYSQL_PORT),
  username: env.MYSQL_USER,
  password: env.MYSQL_PASSWORD,
  database: `ovation_gift_upgrade${databaseSuffix}`,
  entities: [],
  migrations: giftMigrations.slice(0, -1),
  multipleStatements: true,
};

async function definitions(dataSource: DataSource): Promise<Record<string, string>> {
  const tables = ((await dataSource.query('SHOW TABLES')) as Array<Record<string, string>>).map((row) => Object.values(row)[0]).filter((table) => table !== 'schema_migrations');
  const entries = await Promise.all(tables.map(async (table) => [table, ((await dataSource.query(`SHOW CREATE TABLE ${table}`)) as Array<Record<string, string>>)[0]['Create Table']]));
  return Object.fromEntries(entries);
}

// The rebuild also sets each AUTO_INCREMENT counter to the next id after the largest row, giving
// back ids a multi-row insert reserved and never used; no row is ever deleted, so no stored id is handed out again.
const withoutBinaryCollation = (ddl: Record<string, string>) =>
  Object.fromEntries(Object.entries(ddl).map(([table, sql]) => [table, sql.replaceAll(' CHARACTER SET utf8mb4 COLLATE utf8mb4_bin', '').replace(/ AUTO_INCREMENT=\d+/, '')]));
const money = (dataSource: DataSource) =>
  Promise.all([
    dataSource.query('SELECT * FROM wallets ORDER BY user_id'),
    dataSource.query('SELECT * FROM ledger_entries ORDER BY id'),
    dataSource.query('SELECT * FROM recharges ORDER BY id'),
  ]);

describe('the byte-exact ids migration on a gift database with money in it', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    await ensureDatabase(settings);
    dataSource = await createDataSource(settings).initialize();
    await runMigrations(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabases(databaseSuffix);
  });

  it('keeps every balance, ledger entry and recharge, changes nothing but the id columns’ collation, and keeps the books', async () => {
    const wallets = new WalletsService(dataSource);
    await wallets.recharge('demo', '100', `pay-${randomUUID()}`);
    await wallets.recharge('zoë', '30', `pay-${randomUUID()}`);
    expect((await wallets.wallet('DEMO')).balance).toBe(100n);
    const before = await definitions(dataSource);
    const books = await money(dataSource);

    await dataSource.destroy();
    dataSource = await createDataSource({ ...settings, migrations: giftMigrations }).initialize();
    expect(await runMigrations(dataSource)).toEqual(['ByteExactIds1734100000001']);

    expect(await money(dataSource)).toEqual(books);
    expect(withoutBinaryCollation(await definitions(dataSource))).toEqual(withoutBinaryCollation(before));
    const upgraded = new WalletsService(dataSource);
    expect([(await upgraded.wallet('demo')).balance, (await upgraded.wallet('DEMO')).balance, (await upgraded.wallet('zoe')).balance]).toEqual([100n, 0n, 0n]);
    const report = await new ReconciliationService(dataSource).reconcile({ graceMs: 0, requireEffects: false });
    expect([report.mismatches, report.ledgerTotal, report.walletsChecked]).toEqual([[], 0n, 2]);
  });

  it('compares every id column byte for byte', async () => {
    expect(await byteExactColumnsOf(dataSource)).toEqual([
      'consumed_events.consumer',
      'consumed_events.event_id',
      'consumed_events.order_id',
      'gift_orders.gift_id',
      'gift_orders.id',
      'gift_orders.idempotency_key',
      'gift_orders.receiver_id',
      'gift_orders.room_id',
      'gift_orders.sender_id',
      'gift_outbox.event_id',
      'gift_outbox.order_id',
      'gift_outbox.room_id',
      'gifts.id',
      'ledger_entries.account_id',
      'ledger_entries.order_id',
      'ledger_entries.recharge_id',
      'recharges.id',
      'recharges.idempotency_key',
      'recharges.user_id',
      'wallets.user_id',
    ]);
  });
});
