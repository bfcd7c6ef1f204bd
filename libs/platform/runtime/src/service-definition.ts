import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { GrpcDomain } from '@ovation/contracts';
import type { OpsActions } from '@ovation/health';
import type { ErrorTranslator, JsonBodyLimits } from '@ovation/http';

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
  /** The public HTTP listener, if any (gateway's REST, playback's HLS…), under the rules of `@ovation/http`. */
  http?: (config: Config) => PublicHttpDefinition;
  /**
   * POST actions on the ops port (e.g. danmaku-push's /drain for the preStop hook, /undrain), if
   * any, each only with `Authorization: Bearer <token>` (the config's OPS_TOKEN, `opsActionFields`).
   */
  opsActions?: { token: (config: Config) => string; routes: (app: INestApplication) => OpsActions };
}

export interface PublicHttpDefinition {
  host?: string;
  port: number;
  /** The app's own middleware and routes (CORS, static files…), installed before the shared rules. */
  configure?: (app: INestApplication) => void | Promise<void>;
  /** The JSON bodies the listener reads; without it, request bodies are never read. */
  jsonBody?: JsonBodyLimits;
  /** The service's own exceptions as answers in the one error shape (e.g. the gateway's downstream gRPC errors). */
  errorTranslators?: readonly ErrorTranslator[];
}
