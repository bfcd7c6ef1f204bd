/** Nest injection token of the service's prom-client Registry (see createMetricsRegistry). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
