export { boundCommandTime, createRedis } from './create-redis';
export type { RedisClient, RedisOptions, RedisTls } from './create-redis';
export { redisConnection } from './redis-connection';
export type { RedisConnectionConfig } from './redis-connection';
export { redisHealth } from './redis-health';
export { execPipeline } from './exec-pipeline';
