export { boundCommandTime, createRedis } from './create-redis';
export type { RedisClient, RedisOptions } from './create-redis';
export { redisHealth } from './redis-health';
export { execPipeline } from './exec-pipeline';
