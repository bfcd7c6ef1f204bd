import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

type Env = Record<string, string | undefined>;

/**
 * NodeSDK on its own treats an unset OTEL_TRACES_EXPORTER as "otlp" and would post to
 * localhost:4318 from every laptop and test run; we export only when the operator asked for it.
 */
export function otlpTraceExportRequested(env: Env = process.env): boolean {
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (exporters.includes('none')) return false;
  return exporters.includes('otlp') || Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Without an exporter we still register a tracer provider (through a no-op processor) so spans
 * get real ids: trace context keeps propagating and log lines still carry trace_id/span_id.
 */
export function spanProcessorsFromEnv(env: Env = process.env): SpanProcessor[] {
  // The exporter reads OTEL_EXPORTER_OTLP_* (endpoint, headers, timeout) and the batch
  // processor OTEL_BSP_* by themselves.
  if (otlpTraceExportRequested(env)) return [new BatchSpanProcessor(new OTLPTraceExporter())];
  return [new NoopSpanProcessor()];
}
