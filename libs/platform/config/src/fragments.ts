import { z } from 'zod';
import { field } from './fields';

/** Every service: where its ops endpoints listen and how loudly it logs. */
export const serviceFields = (opsPort: number) => ({
  OPS_PORT: field.port(opsPort),
  LOG_LEVEL: field.enumOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace'], 'info'),
  NODE_ID: field.string(`${process.env.HOSTNAME ?? 'local'}-${process.pid}`),
});

/** A service that serves gRPC. */
export const grpcServerFields = (port: number) => ({
  GRPC_HOST: field.string('0.0.0.0'),
  GRPC_PORT: field.port(port),
});

/** A service that owns a MySQL database (its own schema; never another service's tables). */
export const mysqlFields = (database: string) => ({
  MYSQL_HOST: field.string('127.0.0.1'),
  MYSQL_PORT: field.port(3306),
  MYSQL_USER: field.string('root'),
  MYSQL_PASSWORD: z.string().default(''),
  MYSQL_DATABASE: field.string(database),
  MYSQL_POOL_SIZE: field.int(10, 1, 500),
});

export const redisFields = () => ({
  REDIS_URL: field.string('redis://127.0.0.1:6379'),
  /** Comma-separated host:port seeds; when set, a Redis Cluster client is used instead of REDIS_URL. */
  REDIS_CLUSTER_NODES: field.list([]),
  /** Prefixes every key, so several fleets (a test run beside a dev fleet) share one Redis safely. */
  REDIS_KEY_PREFIX: field.string('ovation:'),
});

export const kafkaFields = () => ({
  KAFKA_BROKERS: field.list(['127.0.0.1:9092']),
  KAFKA_TOPIC_PARTITIONS: field.int(6, 1, 1024),
  KAFKA_TOPIC_REPLICATION: field.int(1, 1, 7),
  KAFKA_RETENTION_HOURS: field.int(72, 1, 24 * 365),
  /** Prefixes topic names and consumer groups, so several fleets share one broker safely. */
  KAFKA_NAMESPACE: field.string(''),
});
