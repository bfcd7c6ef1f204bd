import { EventProducer, OutgoingMessage } from '@ovation/kafka';
import type { Kafka } from 'kafkajs';

/**
 * The relay's idempotent producer (acks=all), connected lazily and rebuilt after a failure: an
 * idempotent kafkajs producer retries a send without end, so a send that outlives its timeout
 * is abandoned by dropping the whole producer, and the rows it carried stay pending.
 */
export class RelayProducer {
  private producer?: Promise<EventProducer>;

  constructor(
    private readonly kafka: Kafka,
    private readonly timeoutMs: number,
  ) {}

  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    const producer = await this.connected();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Kafka did not acknowledge ${messages.length} outbox rows within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      await Promise.race([producer.sendBatch(topic, messages), timedOut]);
    } catch (error) {
      await this.reset();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    return this.reset();
  }

  private async reset(): Promise<void> {
    const current = this.producer;
    this.producer = undefined;
    await current?.then((producer) => producer.disconnect()).catch(() => undefined);
  }

  private connected(): Promise<EventProducer> {
    this.producer ??= (async () => {
      const producer = new EventProducer(this.kafka, { idempotent: true, acks: -1 });
      await producer.connect();
      return producer;
    })().catch((error) => {
      this.producer = undefined;
      throw error;
    });
    return this.producer;
  }
}
