import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type SendOutcome = 'ok' | 'duplicate' | 'rejected' | 'error';

/** The gift service's own series, beside the RED metrics every handler gets. */
export class GiftMetrics {
  readonly sends: Counter<'outcome' | 'reason'>;
  readonly sendDuration: Histogram<'outcome'>;
  readonly sendBatchSize: Histogram;
  readonly outboxLag: Gauge;
  readonly outboxPending: Gauge;
  readonly outboxPublished: Counter;
  readonly effects: Counter<'result'>;
  readonly leaderboardUpdates: Counter<'result'>;
  readonly discrepancies: Gauge<'kind'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.sends = new Counter({ name: 'ovation_gift_sends_total', help: 'SendGift calls by outcome and reason', labelNames: ['outcome', 'reason'], registers });
    this.sendDuration = new Histogram({
      name: 'ovation_gift_send_duration_seconds',
      help: 'Time to answer SendGift (lookup, transaction, commit)',
      labelNames: ['outcome'],
      buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2],
      registers,
    });
    this.sendBatchSize = new Histogram({
      name: 'ovation_gift_send_batch_orders',
      help: 'Orders placed together in one transaction (group commit)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128],
      registers,
    });
    this.outboxLag = new Gauge({ name: 'ovation_gift_outbox_lag_seconds', help: 'Age of the oldest unpublished outbox row (0 when none)', registers });
    this.outboxPending = new Gauge({ name: 'ovation_gift_outbox_pending_rows', help: 'Outbox rows not yet published to Kafka', registers });
    this.outboxPublished = new Counter({ name: 'ovation_gift_outbox_published_total', help: 'Outbox rows published to Kafka', registers });
    this.effects = new Counter({ name: 'ovation_gift_effects_total', help: 'Gift events turned into room effects, or skipped as already shown', labelNames: ['result'], registers });
    this.leaderboardUpdates = new Counter({ name: 'ovation_gift_leaderboard_updates_total', help: 'Gift events counted into leaderboards, or skipped as already counted', labelNames: ['result'], registers });
    this.discrepancies = new Gauge({ name: 'ovation_gift_reconciliation_discrepancies', help: 'Problems the last reconciliation found, by kind', labelNames: ['kind'], registers });
  }
}
