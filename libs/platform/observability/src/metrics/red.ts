import { Counter, Histogram, type Registry } from 'prom-client';

export type Transport = 'http' | 'grpc' | 'kafka' | 'ws';
export type Outcome = 'ok' | 'client_error' | 'server_error';

export interface RedMetrics {
  /**
   * Records one finished request. `operation` must come from a bounded set — a route template
   * (`GET /rooms/:id`) or an rpc method (`RoomService.GetRoom`), never a raw URL or an id —
   * because every distinct value is a new time series.
   */
  observe(operation: string, outcome: Outcome, seconds: number): void;
  /** Starts a clock now; call the returned function once with the outcome when the request ends. */
  startTimer(operation: string): (outcome: Outcome) => void;
}

const DURATION_NAME = 'ovation_request_duration_seconds';
const TOTAL_NAME = 'ovation_requests_total';
const LABELS = ['transport', 'operation', 'outcome'] as const;
type Label = (typeof LABELS)[number];

// From 1 ms (a cache hit) to 10 s (a stuck dependency), denser where the latency targets sit.
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 1, 2.5, 5, 10];

// Every transport shares the two series, so a registry holds them once whoever asks first.
function histogramIn(registry: Registry): Histogram<Label> {
  const existing = registry.getSingleMetric(DURATION_NAME);
  if (existing) return existing as Histogram<Label>;
  return new Histogram({
    name: DURATION_NAME,
    help: 'Duration of handled requests (rate, errors and duration by transport, operation and outcome)',
    labelNames: LABELS,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
}

function counterIn(registry: Registry): Counter<Label> {
  const existing = registry.getSingleMetric(TOTAL_NAME);
  if (existing) return existing as Counter<Label>;
  return new Counter({
    name: TOTAL_NAME,
    help: 'Handled requests by transport, operation and outcome',
    labelNames: LABELS,
    registers: [registry],
  });
}

export function createRedMetrics(registry: Registry, transport: Transport): RedMetrics {
  const duration = histogramIn(registry);
  const total = counterIn(registry);
  const observe = (operation: string, outcome: Outcome, seconds: number): void => {
    const labels = { transport, operation, outcome };
    duration.observe(labels, seconds);
    total.inc(labels);
  };
  return {
    observe,
    startTimer(operation) {
      const started = process.hrtime.bigint();
      return (outcome) => observe(operation, outcome, Number(process.hrtime.bigint() - started) / 1e9);
    },
  };
}
