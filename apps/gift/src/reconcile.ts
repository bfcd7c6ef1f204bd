import { describeReport, isClean } from '@ovation/gift-domain';
import { ReconciliationService } from '@ovation/gift-server';
import { createDataSource } from '@ovation/database';
import { loadGiftConfig } from './config';
import { giftDatabase } from './database';

// `node dist/apps/gift/src/reconcile.js [--grace-ms N] [user ...]`: checks the books against the
// configured database, prints every problem, and exits 1 when there is any (2 when it cannot run).
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const graceFlag = args.indexOf('--grace-ms');
  const graceMs = graceFlag === -1 ? undefined : Number(args[graceFlag + 1]);
  const userIds = args.filter((_, i) => i !== graceFlag && i !== graceFlag + 1);
  const dataSource = await createDataSource(giftDatabase(loadGiftConfig())).initialize();
  try {
    const report = await new ReconciliationService(dataSource).reconcile({ userIds, graceMs });
    for (const line of describeReport(report)) process.stdout.write(`${line}\n`);
    process.stdout.write(
      `checked ${report.walletsChecked} wallets and ${report.ordersChecked} orders: ${report.mismatches.length} wallet mismatches, ` +
        `${report.orderDiscrepancies.length} order discrepancies, ledger total ${report.ledgerTotal}\n`,
    );
    process.exitCode = isClean(report) ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(`reconcile failed: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 2;
});
