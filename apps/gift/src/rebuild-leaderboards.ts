import { createDataSource } from '@ovation/database';
import { LeaderboardRebuilder } from '@ovation/gift-server';
import { createRedis, redisConnection } from '@ovation/redis';
import { loadGiftConfig } from './config';
import { giftDatabase } from './database';

// `node dist/apps/gift/src/rebuild-leaderboards.js`: recomputes every leaderboard in Redis from
// the orders in MySQL (after losing Redis, or to repair drift).
async function main(): Promise<void> {
  const config = loadGiftConfig();
  const dataSource = await createDataSource(giftDatabase(config)).initialize();
  const redis = createRedis({ ...redisConnection(config), keyPrefix: config.REDIS_KEY_PREFIX });
  try {
    const summary = await new LeaderboardRebuilder(dataSource, redis).rebuild();
    process.stdout.write(`rebuilt ${summary.boards} leaderboards from ${summary.orders} orders\n`);
  } finally {
    await Promise.allSettled([dataSource.destroy(), redis.quit()]);
  }
}

main().catch((error) => {
  process.stderr.write(`rebuild failed: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
