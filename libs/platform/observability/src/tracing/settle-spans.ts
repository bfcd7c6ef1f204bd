import { type Span, SpanStatusCode } from '@opentelemetry/api';

/** Awaits `work` for the spans: a failure is recorded on each (and rethrown); they end either way. */
export async function settleSpans<T>(spans: Span[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    for (const span of spans) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
    }
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}
