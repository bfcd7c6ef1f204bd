import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, Optional, Provider } from '@nestjs/common';
import { createDataSource, databaseHealth, DataSourceSettings, ensureDatabase } from '@ovation/database';
import type { Readiness } from '@ovation/health';
import { createKafka, ensureTopics, EventProducer, KafkaConnectionConfig, kafkaConnection, kafkaHealth, namespacedTopic } from '@ovation/kafka';
import { boundCommandTime, createRedis, RedisConnectionConfig, redisConnection, redisHealth } from '@ovation/redis';
import type { Redis, Cluster } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { READINESS, SERVICE_LOGGER } from '../tokens';

export const REDIS = Symbol('REDIS');
export const KAFKA = Symbol('KAFKA');
export type RedisClient = Redis | Cluster;

/** The service's own database, created if missing; migrations are a separate step (`npm run migrate`). */
export function databaseProvider(settings: DataSourceSettings): Provider {
  return {
    provide: DataSource,
    useFactory: async () => {
      await ensureDatabase(settings);
      return createDataSource(settings).initialize();
    },
  };
}

export function redisProvider(config: RedisConnectionConfig & { REDIS_KEY_PREFIX: string }): Provider {
  return {
    provide: REDIS,
    useFactory: () => createRedis({ ...redisConnection(config), keyPrefix: config.REDIS_KEY_PREFIX }),
  };
}

interface KafkaConfig extends KafkaConnectionConfig {
  KAFKA_NAMESPACE: string;
  KAFKA_TOPIC_PARTITIONS: number;
  KAFKA_TOPIC_REPLICATION: number;
  KAFKA_RETENTION_HOURS: number;
}

/**
 * The Kafka client and an idempotent producer (acks=all). The topics this service touches are
 * created at start if missing, so no service depends on another having started first.
 */
export function kafkaProviders(clientId: string, config: KafkaConfig, topics: string[]): Provider[] {
  return [
    {
      provide: KAFKA,
      inject: [SERVICE_LOGGER],
      useFactory: async (logger: Logger) => {
        const kafka = createKafka({ clientId, ...kafkaConnection(config), logger: logger.child({ component: 'kafkajs' }) });
        await ensureTopics(
          kafka,
          topics.map((topic) => ({
            topic: namespacedTopic(config.KAFKA_NAMESPACE, topic),
            numPartitions: config.KAFKA_TOPIC_PARTITIONS,
            replicationFactor: config.KAFKA_TOPIC_REPLICATION,
            retentionMs: config.KAFKA_RETENTION_HOURS * 3600_000,
          })),
        );
        return kafka;
      },
    },
    {
      provide: EventProducer,
      inject: [KAFKA],
      useFactory: async (kafka: Kafka) => {
        const producer = new EventProducer(kafka, { idempotent: true, acks: -1 });
        await producer.connect();
        return producer;
      },
    },
  ];
}

/**
 * Once the service has started, bounds how long a Redis command may take (see boundCommandTime);
 * closes connections after Nest has stopped its servers, so in-flight requests can still write.
 */
@Injectable()
export class InfrastructureLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Optional() private readonly dataSource?: DataSource,
    @Optional() @Inject(REDIS) private readonly redis?: RedisClient,
    @Optional() private readonly producer?: EventProducer,
  ) {}

  onApplicationBootstrap(): void {
    if (this.redis) boundCommandTime(this.redis);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.producer?.disconnect(), this.dataSource?.destroy(), this.redis?.quit()]);
  }
}

export type Dependency = 'mysql' | 'redis' | 'kafka';

/**
 * Readiness: every piece of infrastructure this service was wired with is probed and reported;
 * `gating` names the ones it cannot serve without (say why in the service's README). A gating
 * dependency the service was not wired with is a programming error, refused at start.
 */
export function readinessProvider(gating: readonly Dependency[]): Provider {
  return {
    provide: READINESS,
    inject: [
      { token: DataSource, optional: true },
      { token: REDIS, optional: true },
      { token: KAFKA, optional: true },
    ],
    useFactory: (dataSource?: DataSource, redis?: RedisClient, kafka?: Kafka): Readiness => {
      const checks = {
        ...(dataSource && { mysql: () => databaseHealth(dataSource) }),
        ...(redis && { redis: () => redisHealth(redis) }),
        ...(kafka && { kafka: kafkaHealth(kafka) }),
      };
      const unwired = gating.filter((name) => !(name in checks));
      if (unwired.length) throw new Error(`readiness is gated on ${unwired.join(', ')}, which this service is not wired with`);
      return { checks, gating };
    },
  };
}
