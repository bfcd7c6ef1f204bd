// Tracing is started by preload.ts (node --require), not from here; startTelemetry is exported for
// tests that trace in-process with an in-memory exporter.
export { shutdownTelemetry, startTelemetry, type TelemetryOptions } from './tracing/telemetry';
export { settleSpans } from './tracing/settle-spans';
export { createMetricsRegistry } from './metrics/registry';
export { createRedMetrics, type Outcome, type RedMetrics, type Transport } from './metrics/red';
export { createLogger } from './logging/logger';
export { METRICS_REGISTRY } from './nest/metrics-registry.token';
export { RedMetricsInterceptor } from './nest/red-metrics.interceptor';
export { NestPinoLogger } from './nest/pino-logger';
