import { kafkaCodecs, roomV1, Topics } from '@ovation/contracts';
import { ConsumedMessage, namespacedTopic, runConsumer, RunningConsumer } from '@ovation/kafka';
import type { Kafka } from 'kafkajs';

export interface EndedRoomsOptions {
  kafkaNamespace: string;
  /** `ingest` or `playback`: each node reads in a group of its own (`<service>.<NODE_ID>`), as each must see every room's end. */
  service: string;
  nodeId: string;
  partitions: number;
  /** What the node does when a room ends (by its owner, an admin, or an admin's takedown). */
  ended: (roomId: string, reason: string) => Promise<void> | void;
}

/**
 * The room events as the media nodes need them: the moment a room ends. Only events from the
 * node's start on matter (a new group starts at the latest offset): a room that ended earlier has
 * no stream any more, and room refuses its key.
 */
export class EndedRooms {
  private consumer?: RunningConsumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: EndedRoomsOptions,
  ) {}

  async start(): Promise<void> {
    const { kafkaNamespace, service, nodeId, partitions } = this.options;
    this.consumer = await runConsumer(this.kafka, {
      groupId: namespacedTopic(kafkaNamespace, `${service}.${nodeId}`),
      topics: [namespacedTopic(kafkaNamespace, Topics.roomEvents)],
      partitionsConsumedConcurrently: partitions,
      handler: (message) => this.handle(message),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  private async handle(message: ConsumedMessage): Promise<void> {
    if (!message.value) return;
    const event = kafkaCodecs[Topics.roomEvents].decode(message.value);
    if (event.state?.to === roomV1.RoomStatus.ROOM_STATUS_ENDED && event.roomId) await this.options.ended(event.roomId, event.state.reason);
  }
}
