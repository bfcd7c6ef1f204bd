import type { Provider } from '@nestjs/common';
import { Topics } from '@ovation/contracts';
import { GiftMetrics, OutboxRelay, RelayProducer } from '@ovation/gift-server';
import { createKafka, kafkaConnection, namespacedTopic } from '@ovation/kafka';
import { SERVICE_LOGGER } from '@ovation/runtime';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { GiftConfig } from '../config';

/** Test hook: exit between Kafka's acknowledgement and marking the rows published, as a crash would. */
function exitAfterPublishes(count: number, logger: Logger): (() => void) | undefined {
  if (count <= 0) return undefined;
  let published = 0;
  return () => {
    published += 1;
    if (published < count) return;
    logger.warn({ published }, 'OUTBOX_TEST_EXIT_AFTER_PUBLISHES reached: exiting before marking the batch published');
    process.exit(86);
  };
}

export function relayProviders(config: GiftConfig): Provider[] {
  return [
    {
      provide: OutboxRelay,
      inject: [DataSource, GiftMetrics, SERVICE_LOGGER],
      useFactory: (dataSource: DataSource, metrics: GiftMetrics, logger: Logger) => {
        // Its own client: it may point elsewhere (with the same TLS and SASL), and it must not stop the service from starting.
        const kafka = createKafka({
          clientId: 'gift-outbox-relay',
          ...kafkaConnection(config),
          ...(config.OUTBOX_KAFKA_BROKERS.length && { brokers: config.OUTBOX_KAFKA_BROKERS }),
          logger: logger.child({ component: 'kafkajs', role: 'outbox-relay' }),
        });
        return new OutboxRelay(
          dataSource,
          new RelayProducer(kafka, config.OUTBOX_PUBLISH_TIMEOUT_MS),
          {
            topic: namespacedTopic(config.KAFKA_NAMESPACE, Topics.giftEvents),
            batchSize: config.OUTBOX_BATCH_SIZE,
            lanesPerClaim: config.OUTBOX_LANES_PER_CLAIM,
            idleMs: config.OUTBOX_IDLE_MS,
            retryMs: 1_000,
            afterPublish: exitAfterPublishes(config.OUTBOX_TEST_EXIT_AFTER_PUBLISHES, logger),
          },
          metrics,
          logger.child({ component: 'outbox-relay' }),
        );
      },
    },
  ];
}
