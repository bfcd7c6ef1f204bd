import { giftV1, ingestV1, roomV1 } from './index';
import { kafkaCodecs } from './kafka-codecs';
import { Topics } from './topics';

describe('kafkaCodecs', () => {
  it('round-trips a room event with its oneof payload and int64s beyond 2^53', () => {
    const codec = kafkaCodecs[Topics.roomEvents];
    const event = roomV1.RoomEvent.fromPartial({
      roomId: 'room-1',
      atMs: '9007199254740993',
      gift: {
        orderId: 'order-7',
        senderId: 'user-2',
        senderName: 'Ada',
        giftId: 'rocket',
        giftName: 'Rocket',
        count: 3,
        combo: 2,
        totalValue: '9223372036854775807',
        tier: giftV1.GiftTier.GIFT_TIER_FULLSCREEN,
      },
    });

    const bytes = codec.encode(event);
    const decoded = codec.decode(bytes);

    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect(decoded).toEqual(event);
    expect(decoded.atMs).toBe('9007199254740993');
    expect(decoded.gift?.totalValue).toBe('9223372036854775807');
    expect(decoded.gift?.tier).toBe('GIFT_TIER_FULLSCREEN');
    expect(decoded.chat).toBeUndefined();
  });

  it('has the matching message for every topic', () => {
    const lifecycle = ingestV1.StreamLifecycleEvent.fromPartial({ roomId: 'r', stopped: { reason: ingestV1.StopReason.STOP_REASON_KICKED } });
    const gift = giftV1.GiftEvent.fromPartial({ eventId: 'e', roomId: 'r', giftSent: { orderId: 'o', unitPrice: '100' } });

    expect(kafkaCodecs[Topics.streamLifecycle].decode(kafkaCodecs[Topics.streamLifecycle].encode(lifecycle))).toEqual(lifecycle);
    expect(kafkaCodecs[Topics.giftEvents].decode(kafkaCodecs[Topics.giftEvents].encode(gift))).toEqual(gift);
  });
});
