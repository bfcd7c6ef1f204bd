import { context, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { headersToStrings, traceContextOf, withTraceContext } from './trace-headers';

const spanContext = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };
const traced = trace.setSpanContext(ROOT_CONTEXT, spanContext);

beforeAll(() => propagation.setGlobalPropagator(new W3CTraceContextPropagator()));
afterAll(() => propagation.disable());

describe('withTraceContext', () => {
  it('adds the W3C traceparent of the given context next to the existing headers', () => {
    const headers = withTraceContext(traced, { origin: 'spec' });

    expect(headers).toEqual({ origin: 'spec', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
  });

  it('keeps a traceparent the caller already set', () => {
    const earlier = '00-11111111111111111111111111111111-2222222222222222-01';

    expect(withTraceContext(traced, { traceparent: earlier })).toEqual({ traceparent: earlier });
  });

  it('adds nothing outside a trace', () => {
    expect(withTraceContext(context.active(), { origin: 'spec' })).toEqual({ origin: 'spec' });
  });
});

describe('headersToStrings and traceContextOf', () => {
  it('turn consumed Buffer headers back into the producer context', () => {
    const consumed = { traceparent: Buffer.from('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'), repeated: [Buffer.from('a'), Buffer.from('b')] };

    const headers = headersToStrings(consumed);

    expect(headers.repeated).toBe('a');
    expect(trace.getSpanContext(traceContextOf(headers))).toEqual({ ...spanContext, isRemote: true });
  });
});
