import type { Context } from '@opentelemetry/api';
import { giftV1, kafkaCodecs, Topics } from '@ovation/contracts';
import type { ConsumedMessage } from '@ovation/kafka';
import type { GiftDefinition } from '@ovation/gift-domain';
import { tierToProto } from '../shared/tiers';

const codec = kafkaCodecs[Topics.giftEvents];

export interface PlacedOrder {
  orderId: string;
  eventId: string;
  roomId: string;
  senderId: string;
  senderName: string;
  receiverId: string;
  gift: GiftDefinition;
  count: number;
  total: bigint;
  createdAt: number;
}

/** The outbox payload of an order: exactly what consumers will read from the gift events topic. */
export function encodeGiftSent(order: PlacedOrder): Buffer {
  const event: giftV1.GiftEvent = {
    eventId: order.eventId,
    roomId: order.roomId,
    atMs: String(order.createdAt),
    giftSent: {
      orderId: order.orderId,
      roomId: order.roomId,
      senderId: order.senderId,
      senderName: order.senderName,
      receiverId: order.receiverId,
      giftId: order.gift.id,
      giftName: order.gift.name,
      count: order.count,
      unitPrice: String(order.gift.price),
      totalValue: String(order.total),
      tier: tierToProto(order.gift.tier),
      // Counted by the effect consumer, which sees the sends in order.
      combo: 0,
      comboAble: order.gift.comboAble,
    },
  };
  return Buffer.from(codec.encode(event));
}

export function decodeGiftEvent(bytes: Uint8Array): giftV1.GiftEvent {
  return codec.decode(bytes);
}

/** A gift send as a consumer reads it, with the trace of the message that carried it. */
export interface ConsumedGiftSend {
  eventId: string;
  atMs: number;
  sent: giftV1.GiftSent;
  context: Context;
}

/**
 * The gift sends among consumed gift events, each event once (a relay may publish one twice in a
 * row), and how many repeats were left out.
 */
export function giftSendsOf(messages: Array<Pick<ConsumedMessage, 'value' | 'context'>>): { sends: ConsumedGiftSend[]; repeats: number } {
  const sends = new Map<string, ConsumedGiftSend>();
  let repeats = 0;
  for (const message of messages) {
    if (!message.value) continue;
    const event = decodeGiftEvent(message.value);
    if (!event.giftSent) continue;
    if (sends.has(event.eventId)) repeats += 1;
    else sends.set(event.eventId, { eventId: event.eventId, atMs: Number(event.atMs), sent: event.giftSent, context: message.context });
  }
  return { sends: [...sends.values()], repeats };
}
