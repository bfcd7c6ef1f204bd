import { z } from 'zod';
import { field } from './fields';
import { tlsFileFields } from './tls';

/** Every service: where its ops endpoints listen and how loudly it logs. */
export const serviceFields = (opsPort: number) => ({
  OPS_PORT: field.port(opsPort),
  LOG_LEVEL: field.enumOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace'], 'info'),
  NODE_ID: field.string(`${process.env.HOSTNAME ?? 'local'}-${process.pid}`),
});

/**
 * A service with mutating ops actions (POST /drain, /undrain): the bearer token they require.
 * Required, with no default: a node that anyone on the network can drain is not a node.
 */
export const opsActionFields = () => ({
  OPS_TOKEN: z.string().min(32, 'must be at least 32 characters'),
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
  /**
   * disabled, or TLS that verifies the server's certificate against MYSQL_TLS_CA_FILE (verify-ca)
   * and also its name against MYSQL_HOST (verify-full). There is no unverified mode: anyone who
   * can answer in the server's place would read every password and row.
   */
  MYSQL_TLS_MODE: field.enumOf(['disabled', 'verify-ca', 'verify-full'], 'disabled'),
  ...tlsFileFields('MYSQL'),
});

export const redisFields = () => ({
  REDIS_URL: field.string('redis://127.0.0.1:6379'),
  /** Comma-separated host:port seeds; when set, a Redis Cluster client is used instead of REDIS_URL. */
  REDIS_CLUSTER_NODES: field.list([]),
  /** Prefixes every key, so several fleets (a test run beside a dev fleet) share one Redis safely. */
  REDIS_KEY_PREFIX: field.string('ovation:'),
  /** The ACL user (empty: the default user) and its password (empty: none), in both modes, on every node. */
  REDIS_USERNAME: field.string(''),
  REDIS_PASSWORD: field.string(''),
  /** TLS to the server or every Cluster node (a rediss:// REDIS_URL turns it on for standalone by itself). */
  REDIS_TLS: field.bool(false),
  /** The name the servers' certificates are checked against when it is not the address connected to (Cluster nodes announce IPs). */
  REDIS_TLS_SERVERNAME: field.string(''),
  ...tlsFileFields('REDIS'),
});

export const kafkaFields = () => ({
  KAFKA_BROKERS: field.list(['127.0.0.1:9092']),
  KAFKA_TOPIC_PARTITIONS: field.int(6, 1, 1024),
  KAFKA_TOPIC_REPLICATION: field.int(1, 1, 7),
  KAFKA_RETENTION_HOURS: field.int(72, 1, 24 * 365),
  /** Prefixes topic names and consumer groups, so several fleets share one broker safely. */
  KAFKA_NAMESPACE: field.string(''),
  /** TLS to every broker, their certificates verified (CA and host name). */
  KAFKA_TLS: field.bool(false),
  ...tlsFileFields('KAFKA'),
  /** SASL authentication (none: the listener authenticates nobody, or by client certificate). */
  KAFKA_SASL_MECHANISM: field.enumOf(['none', 'plain', 'scram-sha-256', 'scram-sha-512'], 'none'),
  KAFKA_SASL_USERNAME: field.string(''),
  KAFKA_SASL_PASSWORD: field.string(''),
});
