import type { Provider } from '@nestjs/common';
import type { GrpcDomain } from '@ovation/contracts';
import { CircuitBreaker, createGrpcClient, PromiseClient, withResilience } from '@ovation/grpc';
import type { GatewayConfig } from '../config';
import { DownstreamMetrics } from './downstream-metrics';
import { GrpcHandles } from './grpc-handles';

export interface DownstreamSpec<NestClient> {
  /** The downstream's name in metrics and errors, e.g. `room`. */
  name: string;
  domain: GrpcDomain;
  /** The service's name inside its proto package, e.g. `RoomService`. */
  service: string;
  address: string;
  /** Methods that are safe to retry (reads); every other call is attempted once. */
  idempotent: ReadonlyArray<keyof NestClient & string>;
}

/**
 * A provider of one downstream's promise client: a deadline on every call, retries with backoff
 * for its idempotent methods, and a circuit breaker of its own (ovation_gateway_circuit_state).
 */
export function downstreamClientProvider<NestClient>(token: symbol, config: GatewayConfig, spec: DownstreamSpec<NestClient>): Provider {
  return {
    provide: token,
    inject: [DownstreamMetrics, GrpcHandles],
    useFactory: (metrics: DownstreamMetrics, handles: GrpcHandles): PromiseClient<NestClient> => {
      const { client } = handles.add(
        createGrpcClient<NestClient>({ domain: spec.domain, service: spec.service, address: spec.address, defaultDeadlineMs: config.GRPC_DEADLINE_MS }),
      );
      metrics.circuitState(spec.name, 'closed');
      const breaker = new CircuitBreaker({
        name: spec.name,
        failureThreshold: config.CIRCUIT_FAILURE_THRESHOLD,
        openMs: config.CIRCUIT_OPEN_MS,
        halfOpenMaxCalls: config.CIRCUIT_HALF_OPEN_MAX_CALLS,
        onStateChange: (state) => metrics.circuitState(spec.name, state),
      });
      return withResilience<NestClient>(client, {
        breaker,
        retry: { attempts: config.GRPC_RETRY_ATTEMPTS, baseDelayMs: config.GRPC_RETRY_BASE_DELAY_MS, maxDelayMs: config.GRPC_RETRY_MAX_DELAY_MS },
        idempotent: spec.idempotent,
        onRetry: (method) => metrics.retried(spec.name, method),
      });
    },
  };
}
