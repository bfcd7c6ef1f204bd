import { kafkaCodecs, roomV1, Topics } from '@ovation/contracts';
import type { EventProducer } from '@ovation/kafka';
import type { DataSource } from 'typeorm';
import type { GiftMetrics } from '../metrics/gift-metrics';
import { decodeGiftEvent } from '../orders/gift-event';
import { ComboCounter } from './combo-counter';

const roomEventCodec = kafkaCodecs[Topics.roomEvents];

/** The consumer name under which shown effects are recorded in consumed_events (reconciliation reads it). */
export const EFFECTS_CONSUMER = 'effects';

/**
 * Turns each gift event into a GiftEffect on the room's event stream (keyed by room id, so it
 * lands in the room's one order), once per event id: a relay may publish an event twice, and the
 * consumed_events row written after the effect was acknowledged drops the second one.
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

  async handle(bytes: Buffer): Promise<void> {
    const event = decodeGiftEvent(bytes);
    const sent = event.giftSent;
    if (!sent) return;
    const [seen] = await this.dataSource.query('SELECT 1 AS seen FROM consumed_events WHERE consumer = ? AND event_id = ?', [EFFECTS_CONSUMER, event.eventId]);
    if (seen) {
      this.metrics?.effects.inc({ result: 'duplicate' });
      return;
    }
    const combo = await this.combos.next(sent.roomId, sent.senderId, { eventId: event.eventId, giftId: sent.giftId, comboAble: sent.comboAble, atMs: Number(event.atMs) });
    const effect: roomV1.RoomEvent = {
      roomId: sent.roomId,
      atMs: event.atMs,
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
    await this.producer.send(this.roomEventsTopic, { key: sent.roomId, value: roomEventCodec.encode(effect) });
    await this.dataSource.query('INSERT IGNORE INTO consumed_events (consumer, event_id, order_id, consumed_at) VALUES (?, ?, ?, ?)', [
      EFFECTS_CONSUMER,
      event.eventId,
      sent.orderId,
      this.now(),
    ]);
    this.metrics?.effects.inc({ result: 'broadcast' });
  }
}
