import { context, propagation, trace } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createInstrumentations } from './instrumentations';
import { spanProcessorsFromEnv } from './span-processors-from-env';

export interface TelemetryOptions {
  /** service.name of every span; NodeSDK falls back to OTEL_SERVICE_NAME / unknown_service. */
  serviceName?: string;
  /** Replaces the processors chosen from OTEL_* variables (tests pass an in-memory exporter). */
  spanProcessors?: SpanProcessor[];
}

let running: NodeSDK | undefined;
let stopping: Promise<void> | undefined;

/** Starts tracing for this process. Call it before any instrumented package is required. */
export function startTelemetry(options: TelemetryOptions = {}): void {
  if (running) throw new Error('telemetry is already started in this process');
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    instrumentations: createInstrumentations(),
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    spanProcessors: options.spanProcessors ?? spanProcessorsFromEnv(),
    // Metrics go through prom-client and logs through pino to stdout; empty lists keep NodeSDK
    // from building its default OTLP metric and log exporters from the environment.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  running = sdk;
}

/** Flushes pending spans and stops the SDK; safe to call more than once, or when never started. */
export function shutdownTelemetry(): Promise<void> {
  const sdk = running;
  if (!sdk) return stopping ?? Promise.resolve();
  running = undefined;
  stopping = sdk.shutdown().finally(() => {
    // NodeSDK leaves its providers registered; releasing them lets a later start (a test) register anew.
    trace.disable();
    context.disable();
    propagation.disable();
  });
  return stopping;
}
