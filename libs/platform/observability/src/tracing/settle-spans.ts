import { type Span, SpanStatusCode } from '@opentelemetry/api';

/** Awaits `work` for the span: a failure is recorded on it (and rethrown); the span ends either way. */
export async function settleSpan<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
    throw error;
  } finally {
    span.end();
  }
}
