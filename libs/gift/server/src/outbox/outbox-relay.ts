import { OUTBOX_LANES } from '@ovation/gift-domain';
import type { OutgoingMessage } from '@ovation/kafka';
import type { DataSource } from 'typeorm';
import type { GiftMetrics } from '../metrics/gift-metrics';
import { inTransaction, Rollback, statement } from '@ovation/database';

export interface OutboxSender {
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  close?(): Promise<void>;
}

export interface OutboxRelayOptions {
  /** The (namespaced) gift events topic. */
  topic: string;
  /** Rows published per round at most. */
  batchSize: number;
  /** Lanes one round locks at most; fewer lets several relays share the work. */
  lanesPerClaim: number;
  /** How long to wait for new rows when none are pending (a local send wakes it at once). */
  idleMs: number;
  /** Pause after a failed round (Kafka or MySQL unreachable). */
  retryMs: number;
  /** Test hook: runs after Kafka acknowledged a batch, before the rows are marked published. */
  afterPublish?: () => void;
}

interface Logger {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

interface OutboxRow {
  id: string;
  room_id: string;
  payload: Buffer;
  headers: string;
}

/**
 * Publishes committed outbox rows to Kafka and marks them published, at least once: a crash
 * between the two publishes a row again, and consumers drop it by event id. Each round locks a
 * set of lanes (FOR UPDATE SKIP LOCKED), so relays in several processes never work one lane at
 * the same time, and publishes a lane's rows in id order: one room's events keep their order.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private lagTimer?: NodeJS.Timeout;
  private round = Math.floor(Math.random() * OUTBOX_LANES);

  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: OutboxSender,
    private readonly options: OutboxRelayOptions,
    private readonly metrics?: GiftMetrics,
    private readonly logger?: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    this.lagTimer = setInterval(() => void this.measureLag().catch(() => undefined), 1_000);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.lagTimer);
    this.wake?.();
    await this.loop;
    await this.sender.close?.();
  }

  /** Ends the idle wait early: a send just committed a row. */
  nudge(): void {
    this.wake?.();
  }

  /** One round: returns how many rows it published. */
  async relayOnce(): Promise<number> {
    return inTransaction(this.dataSource, async (tx) => {
      // Only lanes with work, starting from a rotating lane so none starves when a round claims fewer than all.
      this.round += 1;
      const [lanes] = (await tx.run(
        statement(
          `SELECT lane FROM gift_outbox_lanes WHERE lane IN (SELECT DISTINCT lane FROM gift_outbox WHERE published_at IS NULL)
           ORDER BY (lane + ?) % ${OUTBOX_LANES} LIMIT ? FOR UPDATE SKIP LOCKED`,
          [this.round % OUTBOX_LANES, this.options.lanesPerClaim],
        ),
      )) as [Array<{ lane: number }>];
      if (!lanes.length) return new Rollback(0);
      const [rows] = (await tx.run(
        statement(
          `SELECT id, room_id, payload, headers FROM gift_outbox WHERE published_at IS NULL AND lane IN (${lanes.map(() => '?').join(',')}) ORDER BY id LIMIT ?`,
          [...lanes.map((l) => l.lane), this.options.batchSize],
        ),
      )) as [OutboxRow[]];
      if (!rows.length) return new Rollback(0);
      await this.sender.send(
        this.options.topic,
        rows.map((row) => ({ key: row.room_id, value: row.payload, headers: JSON.parse(row.headers) as Record<string, string> })),
      );
      this.options.afterPublish?.();
      await tx.commit(statement(`UPDATE gift_outbox SET published_at = ? WHERE id IN (${rows.map(() => '?').join(',')})`, [this.now(), ...rows.map((row) => row.id)]));
      this.metrics?.outboxPublished.inc(rows.length);
      return rows.length;
    });
  }

  /** Pending rows and the age of the oldest, for the lag gauges. */
  async measureLag(): Promise<{ pending: number; lagSeconds: number }> {
    const [row]: Array<{ pending: string; oldest: string | null }> = await this.dataSource.query(
      'SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM gift_outbox WHERE published_at IS NULL',
    );
    const pending = Number(row.pending);
    const lagSeconds = row.oldest === null ? 0 : Math.max(0, (this.now() - Number(row.oldest)) / 1000);
    this.metrics?.outboxPending.set(pending);
    this.metrics?.outboxLag.set(lagSeconds);
    return { pending, lagSeconds };
  }

  private async run(): Promise<void> {
    let failing = false;
    while (this.running) {
      try {
        const published = await this.relayOnce();
        if (failing) this.logger?.info({}, 'outbox relay recovered');
        failing = false;
        if (published < this.options.batchSize) await this.sleep(published ? 0 : this.options.idleMs);
      } catch (error) {
        if (!failing) this.logger?.warn({ err: error }, 'outbox relay round failed; rows stay pending and are retried');
        failing = true;
        await this.sleep(this.options.retryMs);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
