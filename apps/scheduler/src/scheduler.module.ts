import { DynamicModule, Module } from '@nestjs/common';
import { METRICS_REGISTRY } from '@ovation/observability';
import { PresenceAggregator } from '@ovation/presence';
import { InfrastructureLifecycle, readinessProvider, REDIS, RedisClient, redisProvider, SERVICE_LOGGER } from '@ovation/runtime';
import { NodeRegistry, NodeSnapshot, NodesService, PlacementService, PresenceOnlineCounts, SchedulerMetrics } from '@ovation/scheduler-server';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { placementPolicy, SchedulerConfig } from './config';
import { SchedulerGrpcController } from './grpc/scheduler.grpc-controller';

/** The node registry and placement, both in Redis (the registry's own keys; presence counts read from the room service's). */
@Module({})
export class SchedulerModule {
  static forRoot(config: SchedulerConfig): DynamicModule {
    const policy = placementPolicy(config);
    return {
      module: SchedulerModule,
      controllers: [SchedulerGrpcController],
      providers: [
        redisProvider(config),
        InfrastructureLifecycle,
        readinessProvider(['redis']),
        { provide: NodeRegistry, inject: [REDIS], useFactory: (redis: RedisClient) => new NodeRegistry(redis, config.NODE_TTL_MS) },
        { provide: NodeSnapshot, inject: [NodeRegistry], useFactory: (registry: NodeRegistry) => new NodeSnapshot(registry, config.NODE_SNAPSHOT_MS) },
        {
          provide: SchedulerMetrics,
          inject: [METRICS_REGISTRY, NodeRegistry, SERVICE_LOGGER],
          useFactory: (metrics: Registry, registry: NodeRegistry, logger: Logger) =>
            new SchedulerMetrics(metrics, () => registry.list(), policy, (err) => logger.warn({ err }, 'could not count nodes for /metrics')),
        },
        {
          provide: NodesService,
          inject: [NodeRegistry, NodeSnapshot, SchedulerMetrics],
          useFactory: (registry: NodeRegistry, snapshot: NodeSnapshot, metrics: SchedulerMetrics) =>
            new NodesService(registry, snapshot, metrics, config.HEARTBEAT_INTERVAL_MS),
        },
        {
          provide: PlacementService,
          inject: [NodeSnapshot, REDIS, SchedulerMetrics, SERVICE_LOGGER],
          useFactory: (snapshot: NodeSnapshot, redis: RedisClient, metrics: SchedulerMetrics, logger: Logger) =>
            new PlacementService(snapshot, new PresenceOnlineCounts(new PresenceAggregator(redis)), policy, metrics, logger),
        },
      ],
    };
  }
}
