export {
  databaseProvider,
  InfrastructureLifecycle,
  KAFKA,
  kafkaProviders,
  readinessProvider,
  REDIS,
  RedisClient,
  redisProvider,
} from './providers/infrastructure';
export { runService, RunningService } from './run-service';
export { ServiceDefinition } from './service-definition';
export { READINESS_CHECKS, SERVICE_LOGGER } from './tokens';
