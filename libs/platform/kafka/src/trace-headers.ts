import { Context, context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';

/**
 * Kafka headers as plain strings. A header kafkajs decoded into several values (the key was
 * repeated) keeps its first, as W3C trace context does for a repeated `traceparent`.
 */
export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined) result[name] = value.toString();
  }
  return result;
}

/**
 * Adds the trace context of `context` (traceparent, tracestate) to outgoing headers, keeping any
 * such header the caller already set: a relay may publish on behalf of an earlier trace.
 */
export function withTraceContext(context: Context, headers: IHeaders = {}): IHeaders {
  const carrier: Record<string, string> = {};
  propagation.inject(context, carrier);
  const missing = Object.entries(carrier).filter(([name]) => headers[name] === undefined);
  return missing.length ? { ...headers, ...Object.fromEntries(missing) } : headers;
}

/** The producer's context, as carried in a consumed message's headers. */
export function traceContextOf(headers: Record<string, string>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

/** Where an outgoing message's trace continues: the `traceparent` its caller set, else the active context. */
export function producerContext(headers: IHeaders | undefined): Context {
  const strings = headersToStrings(headers);
  return strings.traceparent ? propagation.extract(ROOT_CONTEXT, strings) : context.active();
}

/** The headers without their trace context, to be replaced by a span's own. */
export function withoutTraceContext(headers: IHeaders | undefined): IHeaders {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => name !== 'traceparent' && name !== 'tracestate'));
}
