import { Inject, Injectable } from '@nestjs/common';
import type { CircuitState } from '@ovation/grpc';
import { METRICS_REGISTRY } from '@ovation/observability';
import { Counter, Gauge, type Registry } from 'prom-client';

const stateValue: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };

/** How the gateway's dependencies behave, as the gateway sees them. */
@Injectable()
export class DownstreamMetrics {
  private readonly circuit: Gauge<'downstream'>;
  private readonly retries: Counter<'downstream' | 'method'>;
  private readonly degraded: Counter<'dependency'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.circuit = new Gauge({
      name: 'ovation_gateway_circuit_state',
      help: 'Circuit breaker state per downstream: 0 closed, 1 half-open, 2 open',
      labelNames: ['downstream'],
      registers: [registry],
    });
    this.retries = new Counter({
      name: 'ovation_gateway_grpc_retries_total',
      help: 'Retried attempts of idempotent gRPC calls, by downstream and method',
      labelNames: ['downstream', 'method'],
      registers: [registry],
    });
    this.degraded = new Counter({
      name: 'ovation_gateway_degraded_responses_total',
      help: 'Responses served from a fallback because a dependency could not answer',
      labelNames: ['dependency'],
      registers: [registry],
    });
  }

  circuitState(downstream: string, state: CircuitState): void {
    this.circuit.set({ downstream }, stateValue[state]);
  }

  retried(downstream: string, method: string): void {
    this.retries.inc({ downstream, method });
  }

  servedDegraded(dependency: string): void {
    this.degraded.inc({ dependency });
  }
}
