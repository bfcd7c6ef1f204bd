export {
  databaseProvider,
  Dependency,
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
export { READINESS, SERVICE_LOGGER } from './tokens';
