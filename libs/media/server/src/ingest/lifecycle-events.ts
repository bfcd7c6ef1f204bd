import { ingestV1, kafkaCodecs, Topics } from '@ovation/contracts';
import { EventProducer } from '@ovation/kafka';
import type { Logger } from 'pino';

/** Exactly one of the event's payloads. */
export type LifecyclePayload = Pick<ingestV1.StreamLifecycleEvent, 'started' | 'stopped' | 'thumbnail' | 'recording'>;

/**
 * Stream lifecycle events on Kafka, keyed by room id. Sends of one room are chained so they reach
 * the broker in the order they happened (started before stopped before recording ready) without
 * holding up the media path.
 */
export class LifecycleEvents {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly producer: EventProducer,
    /** The namespaced topic name. */
    private readonly topic: string,
    private readonly ingestNode: string,
    private readonly logger: Logger,
  ) {}

  publish(roomId: string, streamId: string, payload: LifecyclePayload): Promise<void> {
    const message: ingestV1.StreamLifecycleEvent = { roomId, streamId, ingestNode: this.ingestNode, atMs: String(Date.now()), ...payload };
    const event = Object.keys(payload)[0];
    const previous = this.chains.get(roomId) ?? Promise.resolve();
    const next = previous.then(async () => {
      try {
        await this.producer.send(this.topic, { key: roomId, value: kafkaCodecs[Topics.streamLifecycle].encode(message) });
        this.logger.info({ roomId, streamId, event }, 'stream lifecycle event sent');
      } catch (error) {
        this.logger.error({ err: error, roomId, streamId, event }, 'could not send a stream lifecycle event');
      }
    });
    this.chains.set(roomId, next);
    void next.then(() => {
      if (this.chains.get(roomId) === next) this.chains.delete(roomId);
    });
    return next;
  }

  /** Waits for every pending send (at shutdown). */
  async flush(): Promise<void> {
    await Promise.all(this.chains.values());
  }
}
