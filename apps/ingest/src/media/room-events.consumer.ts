import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { kafkaCodecs, roomV1, Topics } from '@ovation/contracts';
import { ConsumedMessage, namespacedTopic, runConsumer, RunningConsumer } from '@ovation/kafka';
import { IngestStreams } from '@ovation/media-server';
import { KAFKA, SERVICE_LOGGER } from '@ovation/runtime';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { IngestConfig } from '../config';
import { INGEST_CONFIG } from './tokens';

/** Each ingest node reads the room events in a group of its own (`ingest.<NODE_ID>`): each must see every room's end. */
const INGEST_GROUP_PREFIX = 'ingest.';

/**
 * A room that ends (its owner or an admin ended it, or an admin took it down) is cut here within
 * the moment its event arrives: the publish closed, the ladder stopped. Only events from now on
 * matter: a room that ended before this node started has no stream on it (room refuses its key).
 */
@Injectable()
export class RoomEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: RunningConsumer;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
    private readonly streams: IngestStreams,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = await runConsumer(this.kafka, {
      groupId: namespacedTopic(this.config.KAFKA_NAMESPACE, `${INGEST_GROUP_PREFIX}${this.config.NODE_ID}`),
      topics: [namespacedTopic(this.config.KAFKA_NAMESPACE, Topics.roomEvents)],
      partitionsConsumedConcurrently: this.config.KAFKA_TOPIC_PARTITIONS,
      handler: (message) => this.handle(message),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  private async handle(message: ConsumedMessage): Promise<void> {
    if (!message.value) return;
    const event = kafkaCodecs[Topics.roomEvents].decode(message.value);
    if (event.state?.to !== roomV1.RoomStatus.ROOM_STATUS_ENDED || !event.roomId) return;
    if (await this.streams.cut(event.roomId, `the room ended (${event.state.reason || 'no reason given'})`)) {
      this.logger.info({ roomId: event.roomId, reason: event.state.reason }, 'room ended: its stream was cut');
    }
  }
}
