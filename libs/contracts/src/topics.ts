/**
 * Kafka topics of the event backbone. Every message's key is its room id, so all events of one
 * room land in one partition, in one order, seen identically by every consumer.
 */
export const Topics = {
  /** roomV1.RoomEvent: everything viewers of a room see (chat, likes, gift effects, counts, state). */
  roomEvents: 'ovation.room-events.v1',
  /** ingestV1.StreamLifecycleEvent: streams starting and stopping on ingest nodes, thumbnails, recordings. */
  streamLifecycle: 'ovation.stream-lifecycle.v1',
  /** giftV1.GiftEvent: the gift service's outbox (gifts sent, i.e. money moved). */
  giftEvents: 'ovation.gift-events.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];
