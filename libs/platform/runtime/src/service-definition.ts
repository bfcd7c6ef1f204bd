import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { GrpcDomain } from '@ovation/contracts';
import type { OpsActions } from '@ovation/health';

/** Everything `runService` needs to know to boot one of Ovation's services. */
export interface ServiceDefinition<Config extends { OPS_PORT: number; LOG_LEVEL: string }> {
  /** Service name: metrics label, log field and trace resource. */
  name: string;
  /** Parses and validates the environment; throws ConfigError naming the bad variable. */
  loadConfig: () => Config;
  /** The root module; it must provide READINESS (see readinessProvider). */
  rootModule: (config: Config) => DynamicModule;
  /** The gRPC service this process serves, if any. */
  grpc?: (config: Config) => { domain: GrpcDomain; host: string; port: number };
  /** The public HTTP listener, if any (gateway's REST, playback's HLS…). */
  http?: (config: Config) => { host?: string; port: number; configure?: (app: INestApplication) => void | Promise<void> };
  /** POST actions on the ops port (e.g. danmaku-push's /drain for the preStop hook), if any. */
  opsActions?: (app: INestApplication) => OpsActions;
}
