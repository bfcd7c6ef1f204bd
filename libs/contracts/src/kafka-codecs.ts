import { GiftEvent } from './generated/ovation/gift/v1/events';
import { StreamLifecycleEvent } from './generated/ovation/ingest/v1/ingest';
import { RoomEvent } from './generated/ovation/room/v1/events';
import { Topic, Topics } from './topics';

/** Protobuf bytes of one topic's payload message. */
export interface KafkaCodec<T> {
  encode(message: T): Buffer;
  decode(bytes: Uint8Array): T;
}

interface GeneratedMessage<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
}

function protobufCodec<T>(type: GeneratedMessage<T>): KafkaCodec<T> {
  return {
    encode: (message) => {
      const bytes = type.encode(message).finish();
      // A view, not a copy: kafkajs only reads it.
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    decode: (bytes) => type.decode(bytes),
  };
}

/** The one payload message of each topic. */
export const kafkaCodecs = {
  [Topics.roomEvents]: protobufCodec(RoomEvent),
  [Topics.streamLifecycle]: protobufCodec(StreamLifecycleEvent),
  [Topics.giftEvents]: protobufCodec(GiftEvent),
} satisfies Record<Topic, unknown>;

export type TopicMessage<T extends Topic> = ReturnType<(typeof kafkaCodecs)[T]['decode']>;
