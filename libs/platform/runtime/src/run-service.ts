import 'reflect-metadata';
import { Global, Injectable, Module } from '@nestjs/common';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { ConfigError } from '@ovation/config';
import { grpcLoaderOptions, grpcServiceDefinition } from '@ovation/contracts';
import { DrainState, OpsServer, Readiness, startOpsServer } from '@ovation/health';
import { servePublicHttp } from '@ovation/http';
import {
  createLogger,
  createMetricsRegistry,
  METRICS_REGISTRY,
  NestPinoLogger,
  RedMetricsInterceptor,
  shutdownTelemetry,
} from '@ovation/observability';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ServiceDefinition } from './service-definition';
import { READINESS, SERVICE_LOGGER } from './tokens';

export interface RunningService {
  app: INestApplication;
  ops: OpsServer;
  logger: Logger;
}

/**
 * Boots a service the same way everywhere: validated config (exit 1 with the variable's name),
 * JSON logs, one metrics registry with RED metrics on every handler, the gRPC server with
 * graceful shutdown, the optional public HTTP listener, the ops port, and shutdown hooks.
 * A start that fails exits 1: a half-started process with open connections would otherwise
 * linger without an ops port, never ready and never restarted.
 */
export async function runService<Config extends { OPS_PORT: number; LOG_LEVEL: string }>(
  definition: ServiceDefinition<Config>,
): Promise<RunningService> {
  const config = loadOrExit(definition);
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  try {
    return await boot(definition, config, logger);
  } catch (error) {
    logger.fatal({ err: error }, `${definition.name} failed to start`);
    process.exit(1);
  }
}

async function boot<Config extends { OPS_PORT: number; LOG_LEVEL: string }>(
  definition: ServiceDefinition<Config>,
  config: Config,
  logger: Logger,
): Promise<RunningService> {
  const registry = createMetricsRegistry(definition.name);

  const app = await NestFactory.create<NestExpressApplication>(platformModule(definition.rootModule(config), registry, logger), {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
    // Public listeners read bodies under @ovation/http's limits, or not at all.
    bodyParser: false,
  });
  app.enableShutdownHooks();

  const grpc = definition.grpc?.(config);
  if (grpc) {
    const { package: protoPackage, protoPath } = grpcServiceDefinition(grpc.domain);
    app.connectMicroservice<MicroserviceOptions>(
      {
        transport: Transport.GRPC,
        options: { package: protoPackage, protoPath, url: `${grpc.host}:${grpc.port}`, loader: grpcLoaderOptions, gracefulShutdown: true },
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
    logger.info({ port: grpc.port, package: protoPackage }, 'gRPC server listening');
  }

  const http = definition.http?.(config);
  if (http) {
    await http.configure?.(app);
    servePublicHttp(app, { logger, jsonBody: http.jsonBody, errorTranslators: http.errorTranslators });
    await app.listen(http.port, http.host ?? '0.0.0.0');
    logger.info({ port: http.port }, 'HTTP server listening');
  } else {
    await app.init();
  }

  const ops = await startOpsServer({
    port: config.OPS_PORT,
    registry,
    readiness: app.get<Readiness>(READINESS),
    drain: app.get(DrainState),
    actions: definition.opsActions && { token: definition.opsActions.token(config), routes: definition.opsActions.routes(app) },
    onError: (path, error) => logger.error({ err: error, path }, 'ops request failed'),
    // Counted in ovation_ops_refused_total; the presented token is never logged.
    onRefused: (path, reason) => logger.warn({ path, reason }, 'ops action refused'),
  });
  app.get(ShutdownSequence).attach(ops, logger);
  logger.info({ opsPort: ops.port }, `${definition.name} started`);
  return { app, ops, logger };
}

function loadOrExit<Config extends { OPS_PORT: number; LOG_LEVEL: string }>(definition: ServiceDefinition<Config>): Config {
  try {
    return definition.loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Reports not-ready as soon as shutdown begins; after Nest closed its servers, stops the ops port and flushes spans. */
@Injectable()
class ShutdownSequence {
  private ops?: OpsServer;
  private logger?: Logger;

  constructor(private readonly drain: DrainState) {}

  attach(ops: OpsServer, logger: Logger): void {
    this.ops = ops;
    this.logger = logger;
  }

  beforeApplicationShutdown(signal?: string): void {
    this.logger?.info({ signal }, 'shutting down');
    this.drain.begin();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ops?.close();
    await shutdownTelemetry();
  }
}

function platformModule(root: DynamicModule, registry: Registry, logger: Logger): DynamicModule {
  @Global()
  @Module({})
  class PlatformModule {}
  return {
    module: PlatformModule,
    imports: [root],
    providers: [
      { provide: METRICS_REGISTRY, useValue: registry },
      { provide: SERVICE_LOGGER, useValue: logger },
      { provide: APP_INTERCEPTOR, useClass: RedMetricsInterceptor },
      // One per process: begun on shutdown, and by push nodes asked to drain.
      DrainState,
      ShutdownSequence,
    ],
    exports: [METRICS_REGISTRY, SERVICE_LOGGER, DrainState],
  };
}
