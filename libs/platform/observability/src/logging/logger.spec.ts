import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { DestinationStream } from 'pino';
import { shutdownTelemetry, startTelemetry } from '../tracing/telemetry';
import { createLogger } from './logger';

function capturedLines(): { destination: DestinationStream; records: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  return {
    destination: { write: (line: string) => void lines.push(line) },
    records: () => lines.map((line) => JSON.parse(line)),
  };
}

describe('createLogger', () => {
  beforeAll(() => startTelemetry({ serviceName: 'logger-test', spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())] }));
  afterAll(() => shutdownTelemetry());

  it('writes one JSON object per line with a level label, an ISO time, the service and the message', () => {
    const { destination, records } = capturedLines();
    createLogger('gateway', 'info', destination).info({ roomId: 'r1' }, 'room opened');

    const [record] = records();
    expect(record).toMatchObject({ level: 'info', service: 'gateway', msg: 'room opened', roomId: 'r1' });
    expect(new Date(record.time as string).toISOString()).toBe(record.time);
    expect(record).not.toHaveProperty('trace_id');
  });

  it('carries the trace_id and span_id of the span active at the log call', () => {
    const { destination, records } = capturedLines();
    const logger = createLogger('gift', 'info', destination);

    const spanContext = trace.getTracer('test').startActiveSpan('send gift', (span) => {
      logger.info('debited');
      span.end();
      return span.spanContext();
    });

    expect(records()[0]).toMatchObject({ trace_id: spanContext.traceId, span_id: spanContext.spanId });
    expect(spanContext.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('drops records below its level', () => {
    const { destination, records } = capturedLines();
    const logger = createLogger('room', 'warn', destination);
    logger.info('quiet');
    logger.warn('loud');
    expect(records().map((record) => record.msg)).toEqual(['loud']);
  });
});
