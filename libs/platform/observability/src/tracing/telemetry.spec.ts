import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { shutdownTelemetry, startTelemetry } from './telemetry';

describe('startTelemetry / shutdownTelemetry', () => {
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor(exporter);
  // Resource detection finishes asynchronously, so export happens after span.end() returns.
  const finishedSpans = async (from = processor, to = exporter) => {
    await from.forceFlush();
    return to.getFinishedSpans();
  };

  beforeAll(() => startTelemetry({ serviceName: 'telemetry-test', spanProcessors: [processor] }));
  afterAll(() => shutdownTelemetry());

  it('records spans under the service name given', async () => {
    trace.getTracer('test').startActiveSpan('work', (span) => span.end());

    const [span] = await finishedSpans();
    expect(span.name).toBe('work');
    expect(span.resource.attributes['service.name']).toBe('telemetry-test');
  });

  it('propagates W3C trace context and baggage', async () => {
    const carrier: Record<string, string> = {};
    trace.getTracer('test').startActiveSpan('outgoing', (span) => {
      const withBaggage = propagation.setBaggage(context.active(), propagation.createBaggage({ room: { value: 'r42' } }));
      propagation.inject(withBaggage, carrier);
      span.end();
    });

    const { traceId, spanId } = (await finishedSpans()).at(-1)!.spanContext();
    expect(carrier.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    expect(carrier.baggage).toBe('room=r42');

    const extracted = trace.getSpanContext(propagation.extract(context.active(), carrier));
    expect(extracted).toMatchObject({ traceId, spanId, isRemote: true });
  });

  it('refuses a second start while running', () => {
    expect(() => startTelemetry({ serviceName: 'again' })).toThrow(/already started/);
  });

  it('shuts down once however often it is asked, and can start again afterwards', async () => {
    const first = shutdownTelemetry();
    expect(shutdownTelemetry()).toBe(first);
    await first;

    const next = new InMemorySpanExporter();
    const nextProcessor = new SimpleSpanProcessor(next);
    startTelemetry({ serviceName: 'restarted', spanProcessors: [nextProcessor] });
    trace.getTracer('test').startActiveSpan('after restart', (span) => span.end());
    expect((await finishedSpans(nextProcessor, next)).map((span) => span.resource.attributes['service.name'])).toEqual(['restarted']);
  });
});
