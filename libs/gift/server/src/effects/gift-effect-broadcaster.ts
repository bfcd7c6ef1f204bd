import { giftV1, kafkaCodecs, roomV1, Topics } from '@ovation/contracts';
import type { ConsumedMessage, EventProducer } from '@ovation/kafka';
import type { DataSource } from 'typeorm';
import type { GiftMetrics } from '../metrics/gift-metrics';
import { giftSendsOf } from '../orders/gift-event';
import { ComboCounter } from './combo-counter';

const roomEventCodec = kafkaCodecs[Topics.roomEvents];

/** The consumer name under which shown effects are recorded in consumed_events (reconciliation reads it). */
export const EFFECTS_CONSUMER = 'effects';

/**
 * Turns each gift event into a GiftEffect on the room's event stream (keyed by room id, so it
 * lands in the room's one order), once per event id: a relay may publish an event twice, and the
 * consumed_events row written after the effect was acknowledged drops the second one.
 *
 * A batch of events costs one read of consumed_events, one combo read and write in Redis, one
 * produce request and one insert, whatever its size.
 */
export class GiftEffectBroadcaster {
  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: EventProducer,
    private readonly roomEventsTopic: string,
    private readonly combos: ComboCounter,
    private readonly metrics?: GiftMetrics,
    private readonly now: () => number = Date.now,
  ) {}

  async handle(messages: ConsumedMessage[]): Promise<void> {
    const { sends, repeats } = giftSendsOf(messages);
    const shown = sends.length ? await this.alreadyShown(sends.map((send) => send.eventId)) : new Set<string>();
    const fresh = sends.filter((send) => !shown.has(send.eventId));
    // Counted once the batch is done: a failed batch comes again and would count twice.
    const countOutcome = () => {
      this.metrics?.effects.inc({ result: 'duplicate' }, repeats + sends.length - fresh.length);
      this.metrics?.effects.inc({ result: 'broadcast' }, fresh.length);
    };
    if (!fresh.length) return countOutcome();

    const combos = await this.combos.next(fresh.map(({ eventId, atMs, sent }) => ({ eventId, atMs, roomId: sent.roomId, senderId: sent.senderId, giftId: sent.giftId, comboAble: sent.comboAble })));
    await this.producer.sendBatch(
      this.roomEventsTopic,
      fresh.map((send, index) => ({ key: send.sent.roomId, value: roomEventCodec.encode(effectOf(send.sent, send.atMs, combos[index])), context: send.context })),
    );
    const now = this.now();
    await this.dataSource.query(
      `INSERT IGNORE INTO consumed_events (consumer, event_id, order_id, consumed_at) VALUES ${fresh.map(() => '(?, ?, ?, ?)').join(', ')}`,
      fresh.flatMap((send) => [EFFECTS_CONSUMER, send.eventId, send.sent.orderId, now]),
    );
    countOutcome();
  }

  private async alreadyShown(eventIds: string[]): Promise<Set<string>> {
    const rows: Array<{ event_id: string }> = await this.dataSource.query(
      `SELECT event_id FROM consumed_events WHERE consumer = ? AND event_id IN (${eventIds.map(() => '?').join(', ')})`,
      [EFFECTS_CONSUMER, ...eventIds],
    );
    return new Set(rows.map((row) => row.event_id));
  }
}

function effectOf(sent: giftV1.GiftSent, atMs: number, combo: number): roomV1.RoomEvent {
  return {
    roomId: sent.roomId,
    atMs: String(atMs),
    gift: {
      orderId: sent.orderId,
      senderId: sent.senderId,
      senderName: sent.senderName,
      giftId: sent.giftId,
      giftName: sent.giftName,
      count: sent.count,
      combo,
      totalValue: sent.totalValue,
      tier: sent.tier,
    },
  };
}
