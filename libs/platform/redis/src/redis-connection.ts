import { readTlsFiles } from '@ovation/config';
import type { RedisOptions } from './create-redis';

/** The `REDIS_*` connection variables of `redisFields` in @ovation/config. */
export interface RedisConnectionConfig {
  REDIS_URL: string;
  REDIS_CLUSTER_NODES: string[];
  REDIS_USERNAME: string;
  REDIS_PASSWORD: string;
  REDIS_TLS: boolean;
  REDIS_TLS_SERVERNAME: string;
  REDIS_TLS_CA_FILE: string;
  REDIS_TLS_CERT_FILE: string;
  REDIS_TLS_KEY_FILE: string;
}

/**
 * Which Redis (standalone or Cluster) and how to reach it, the same for every client of a
 * service: TLS files are read here, so a missing or unreadable one stops the start with a
 * ConfigError naming its variable.
 */
export function redisConnection(config: RedisConnectionConfig): Pick<RedisOptions, 'url' | 'clusterNodes' | 'username' | 'password' | 'tls'> {
  const cluster = config.REDIS_CLUSTER_NODES.length > 0;
  const tls = config.REDIS_TLS || (!cluster && /^rediss:\/\//i.test(config.REDIS_URL));
  return {
    ...(cluster ? { clusterNodes: config.REDIS_CLUSTER_NODES } : { url: config.REDIS_URL }),
    username: config.REDIS_USERNAME || undefined,
    password: config.REDIS_PASSWORD || undefined,
    tls: tls ? { ...readTlsFiles('the Redis connection', 'REDIS', config), ...(config.REDIS_TLS_SERVERNAME && { servername: config.REDIS_TLS_SERVERNAME }) } : undefined,
  };
}
