import { kafkaCodecs, roomV1, Topics } from '@ovation/contracts';
import { EventProducer } from '@ovation/kafka';

const codec = kafkaCodecs[Topics.roomEvents];

/** Appends events to a room's stream: one topic, keyed by room id, so one room is one ordered partition. */
export class RoomEventPublisher {
  constructor(
    private readonly producer: EventProducer,
    private readonly topic: string,
  ) {}

  async publish(event: roomV1.RoomEvent): Promise<void> {
    await this.producer.send(this.topic, { key: event.roomId, value: codec.encode(event) });
  }

  /** Several rooms' events in one produce request (each still lands on its own room's partition). */
  async publishMany(events: roomV1.RoomEvent[]): Promise<void> {
    if (events.length) await this.producer.sendBatch(this.topic, events.map((event) => ({ key: event.roomId, value: codec.encode(event) })));
  }
}
