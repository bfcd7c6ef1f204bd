import { Controller, Get, type INestApplication, Module, NotFoundException, Param } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import type { Registry } from 'prom-client';
import { createMetricsRegistry } from '../metrics/registry';
import { METRICS_REGISTRY } from './metrics-registry.token';
import { RedMetricsInterceptor } from './red-metrics.interceptor';

// The interceptor wired the way an app wires it: route templates and statuses come from Express.
@Controller('rooms')
class RoomsController {
  @Get(':id')
  show(@Param('id') id: string): { id: string } {
    if (id === 'missing') throw new NotFoundException();
    return { id };
  }
}

const registry = createMetricsRegistry('red-http-test');

@Module({
  controllers: [RoomsController],
  providers: [
    { provide: METRICS_REGISTRY, useValue: registry },
    { provide: APP_INTERCEPTOR, useClass: RedMetricsInterceptor },
  ],
})
class AppModule {}

async function requestsTotal(metrics: Registry): Promise<string> {
  return metrics.getSingleMetricAsString('ovation_requests_total');
}

describe('RedMetricsInterceptor in a Nest HTTP application', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
  });

  afterAll(() => app.close());

  it('labels requests with the route template, never the raw path', async () => {
    const baseUrl = await app.getUrl();
    expect((await fetch(`${baseUrl}/rooms/r-1`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/rooms/r-2`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/rooms/missing`)).status).toBe(404);

    const text = await requestsTotal(registry);
    expect(text).toContain('transport="http",operation="GET /rooms/:id",outcome="ok",service="red-http-test"} 2');
    expect(text).toContain('transport="http",operation="GET /rooms/:id",outcome="client_error",service="red-http-test"} 1');
    expect(text).not.toContain('r-1');
  });
});
