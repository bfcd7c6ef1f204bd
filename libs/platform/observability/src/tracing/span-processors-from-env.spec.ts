import { BatchSpanProcessor, NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { otlpTraceExportRequested, spanProcessorsFromEnv } from './span-processors-from-env';

describe('otlpTraceExportRequested', () => {
  it.each([
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }, true],
    [{ OTEL_TRACES_EXPORTER: 'console, otlp' }, true],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '' }, false],
  ])('%j -> %s', (env, expected) => {
    expect(otlpTraceExportRequested(env)).toBe(expected);
  });
});

describe('spanProcessorsFromEnv', () => {
  it('keeps a no-op processor when nothing asks for export', () => {
    const processors = spanProcessorsFromEnv({});
    expect(processors).toHaveLength(1);
    expect(processors[0]).toBeInstanceOf(NoopSpanProcessor);
  });

  it('batches into the OTLP exporter when an endpoint is configured', async () => {
    const [processor] = spanProcessorsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' });
    expect(processor).toBeInstanceOf(BatchSpanProcessor);
    await processor.shutdown();
  });
});
