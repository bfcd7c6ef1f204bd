import { execPipeline, type RedisClient } from '@ovation/redis';
import type { DataSource } from 'typeorm';
import { COUNTED_TTL_SECONDS, leaderboardKeys, PERIOD_TTL_SECONDS } from './leaderboard-keys';

const DAY_MS = 86_400_000;

export interface RebuildSummary {
  orders: number;
  boards: number;
}

/**
 * Recomputes every leaderboard from the orders in MySQL (the source of truth) and swaps each
 * board in atomically (RENAME). The counted-event markers are set from the same snapshot, so the
 * consumer does not count those orders a second time. Run it while the leaderboard consumer is
 * quiet: an event counted into a board between the snapshot and its swap is lost from that board.
 */
export class LeaderboardRebuilder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisClient,
  ) {}

  async rebuild(): Promise<RebuildSummary> {
    const snapshot = await this.readSnapshot();
    const boards = new Map<string, { scores: Map<string, bigint>; ttl?: number }>();
    const add = (key: string, member: string, value: bigint, ttl?: number) => {
      const board = boards.get(key) ?? { scores: new Map(), ttl };
      board.scores.set(member, (board.scores.get(member) ?? 0n) + value);
      boards.set(key, board);
    };
    for (const row of snapshot.rooms) add(leaderboardKeys.room(row.room_id), row.sender_id, BigInt(row.total));
    for (const row of snapshot.streamerDays) {
      const at = Number(row.day) * DAY_MS;
      add(leaderboardKeys.streamers('day', at), row.receiver_id, BigInt(row.total), PERIOD_TTL_SECONDS.day);
      add(leaderboardKeys.streamers('week', at), row.receiver_id, BigInt(row.total), PERIOD_TTL_SECONDS.week);
      add(leaderboardKeys.streamers('all', at), row.receiver_id, BigInt(row.total));
    }

    for (let i = 0; i < snapshot.eventIds.length; i += 1000) {
      const pipeline = this.redis.pipeline();
      for (const eventId of snapshot.eventIds.slice(i, i + 1000)) pipeline.set(leaderboardKeys.counted(eventId), '1', 'EX', COUNTED_TTL_SECONDS);
      await execPipeline(pipeline);
    }
    if (snapshot.names.length) await this.redis.hset(leaderboardKeys.names, Object.fromEntries(snapshot.names.map((n) => [n.sender_id, n.name])));
    for (const [key, board] of boards) {
      const staging = `${key}:rebuild`;
      const pipeline = this.redis.multi();
      pipeline.del(staging);
      pipeline.zadd(staging, ...[...board.scores].flatMap(([member, total]) => [String(total), member]));
      if (board.ttl) pipeline.expire(staging, board.ttl);
      pipeline.rename(staging, key);
      await execPipeline(pipeline);
    }
    return { orders: snapshot.eventIds.length, boards: boards.size };
  }

  private async readSnapshot() {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // One consistent snapshot for the totals and the event ids they include.
      await runner.query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
      const rooms: Array<{ room_id: string; sender_id: string; total: string }> = await runner.query(
        'SELECT room_id, sender_id, SUM(total_value) AS total FROM gift_orders GROUP BY room_id, sender_id',
      );
      const streamerDays: Array<{ receiver_id: string; day: string; total: string }> = await runner.query(
        'SELECT receiver_id, FLOOR(created_at / ?) AS day, SUM(total_value) AS total FROM gift_orders GROUP BY receiver_id, day',
        [DAY_MS],
      );
      const names: Array<{ sender_id: string; name: string }> = await runner.query('SELECT sender_id, MAX(sender_name) AS name FROM gift_orders GROUP BY sender_id');
      const events: Array<{ event_id: string }> = await runner.query('SELECT event_id FROM gift_outbox');
      await runner.query('COMMIT');
      return { rooms, streamerDays, names, eventIds: events.map((e) => e.event_id) };
    } finally {
      await runner.release();
    }
  }
}
