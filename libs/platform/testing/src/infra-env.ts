import { randomBytes } from 'node:crypto';

/** The real servers the test runner provisioned (same defaults as the services). */
export function infraEnv(): Record<string, string> {
  return {
    MYSQL_HOST: process.env.MYSQL_HOST ?? '127.0.0.1',
    MYSQL_PORT: process.env.MYSQL_PORT ?? '3306',
    MYSQL_USER: process.env.MYSQL_USER ?? 'root',
    MYSQL_PASSWORD: process.env.MYSQL_PASSWORD ?? '',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  };
}

/**
 * A namespace of its own for one test run: Kafka topics and groups, Redis keys and databases
 * carry it, so runs never see each other's data (nor a dev fleet's on the same machine).
 */
export function isolatedNamespace(): { id: string; env: Record<string, string>; databaseSuffix: string } {
  const id = `t${randomBytes(4).toString('hex')}`;
  return {
    id,
    databaseSuffix: `_${id}`,
    env: { KAFKA_NAMESPACE: id, REDIS_KEY_PREFIX: `${id}:` },
  };
}
