import type { Histogram } from 'prom-client';
import { createMetricsRegistry } from './registry';
import { createRedMetrics } from './red';

describe('createRedMetrics', () => {
  it('counts and times requests under transport, operation and outcome labels plus the service', async () => {
    const registry = createMetricsRegistry('gateway');
    const red = createRedMetrics(registry, 'http');

    red.observe('GET /rooms/:id', 'ok', 0.004);
    red.observe('GET /rooms/:id', 'ok', 0.3);
    red.observe('POST /gifts', 'client_error', 0.02);

    const text = await registry.metrics();
    expect(text).toContain('ovation_requests_total{transport="http",operation="GET /rooms/:id",outcome="ok",service="gateway"} 2');
    expect(text).toContain('ovation_requests_total{transport="http",operation="POST /gifts",outcome="client_error",service="gateway"} 1');
    const histogram = await (registry.getSingleMetric('ovation_request_duration_seconds') as Histogram).get();
    const roomLookups = histogram.values.filter((value) => value.labels.operation === 'GET /rooms/:id');
    const bucket = (le: number) => roomLookups.find((value) => value.labels.le === le)!.value;
    expect(bucket(0.001)).toBe(0);
    expect(bucket(0.005)).toBe(1);
    expect(bucket(0.5)).toBe(2);
    expect(roomLookups.find((value) => value.metricName === 'ovation_request_duration_seconds_sum')!.value).toBeCloseTo(0.304);
    expect(roomLookups.every((value) => value.labels.transport === 'http' && value.labels.outcome === 'ok')).toBe(true);
  });

  it('shares one histogram and one counter between transports of the same registry', async () => {
    const registry = createMetricsRegistry('room');
    const grpc = createRedMetrics(registry, 'grpc');
    const kafka = createRedMetrics(registry, 'kafka');
    createRedMetrics(registry, 'grpc');

    grpc.observe('RoomController.getRoom', 'server_error', 0.01);
    kafka.observe('StreamLifecycleConsumer.onStarted', 'ok', 0.01);

    const names = registry.getMetricsAsArray().map((metric) => metric.name);
    expect(names.filter((name) => name === 'ovation_requests_total')).toHaveLength(1);
    expect(names.filter((name) => name === 'ovation_request_duration_seconds')).toHaveLength(1);
    const total = await registry.getSingleMetricAsString('ovation_requests_total');
    expect(total).toContain('transport="grpc",operation="RoomController.getRoom",outcome="server_error"');
    expect(total).toContain('transport="kafka",operation="StreamLifecycleConsumer.onStarted",outcome="ok"');
  });

  it('measures the time between startTimer and its stop call', async () => {
    const registry = createMetricsRegistry('gift');
    const stop = createRedMetrics(registry, 'grpc').startTimer('GiftController.sendGift');
    const started = process.hrtime.bigint();
    while (process.hrtime.bigint() - started < 15_000_000n) {
      // a busy wait keeps the measured interval known without a timer
    }
    stop('ok');

    const histogram = await (registry.getSingleMetric('ovation_request_duration_seconds') as Histogram).get();
    const sum = histogram.values.find((value) => value.metricName === 'ovation_request_duration_seconds_sum')!;
    expect(sum.value).toBeGreaterThanOrEqual(0.015);
    expect(sum.value).toBeLessThan(1);
  });

  it('includes the default process metrics', async () => {
    const text = await createMetricsRegistry('scheduler').metrics();
    expect(text).toMatch(/process_cpu_user_seconds_total\{service="scheduler"\} /);
  });
});
