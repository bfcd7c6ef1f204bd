import { EventEmitter } from 'node:events';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { BadRequestException, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { KafkaContext, RpcException } from '@nestjs/microservices';
import { Registry } from 'prom-client';
import { lastValueFrom, of, throwError } from 'rxjs';
import { RedMetricsInterceptor } from './red-metrics.interceptor';

class RoomsController {
  getRoom(): void {}
}

class FakeResponse extends EventEmitter {
  constructor(public statusCode: number) {
    super();
  }

  /** What the HTTP server does once exception filters have chosen the status. */
  send(finalStatus = this.statusCode): void {
    this.statusCode = finalStatus;
    this.emit('finish');
    this.emit('close');
  }
}

interface FakeCall {
  type: 'http' | 'rpc' | 'ws';
  request?: { method: string; route?: { path: string } };
  response?: FakeResponse;
  rpcContext?: unknown;
}

function executionContext(call: FakeCall): ExecutionContext {
  return {
    getType: () => call.type,
    getClass: () => RoomsController,
    getHandler: () => RoomsController.prototype.getRoom,
    switchToHttp: () => ({ getRequest: () => call.request, getResponse: () => call.response }),
    switchToRpc: () => ({ getContext: () => call.rpcContext }),
  } as unknown as ExecutionContext;
}

const answering = (value: unknown): CallHandler => ({ handle: () => of(value) });
const failing = (error: unknown): CallHandler => ({ handle: () => throwError(() => error) });

async function run(interceptor: RedMetricsInterceptor, call: FakeCall, handler: CallHandler): Promise<void> {
  await lastValueFrom(interceptor.intercept(executionContext(call), handler)).catch(() => undefined);
}

async function recorded(registry: Registry): Promise<Record<string, string>[]> {
  const counter = await registry.getSingleMetric('ovation_requests_total')!.get();
  return counter.values.map(({ labels }) => labels as Record<string, string>);
}

describe('RedMetricsInterceptor', () => {
  let registry: Registry;
  let interceptor: RedMetricsInterceptor;

  beforeEach(() => {
    registry = new Registry();
    interceptor = new RedMetricsInterceptor(registry);
  });

  const httpCall = (statusCode: number): FakeCall => ({
    type: 'http',
    request: { method: 'GET', route: { path: '/rooms/:id' } },
    response: new FakeResponse(statusCode),
  });

  it.each([
    ['a 200 answer', answering({ id: 'r1' }), 200, 'ok'],
    ['a 404 the exception filter chose for a thrown error', failing(new Error('downstream NOT_FOUND')), 404, 'client_error'],
    ['a 500 for an unexpected error', failing(new Error('boom')), 500, 'server_error'],
    ['a 503 set by the handler', answering(undefined), 503, 'server_error'],
  ])('records HTTP %s from the status actually sent, under the route template', async (_case, handler, sent, outcome) => {
    const call = httpCall(200);
    await run(interceptor, call, handler);
    expect(await recorded(registry)).toEqual([]);
    call.response!.send(sent);
    expect(await recorded(registry)).toEqual([{ transport: 'http', operation: 'GET /rooms/:id', outcome }]);
  });

  it('records an HTTP request once, though both finish and close fire', async () => {
    const call = httpCall(200);
    await run(interceptor, call, answering({}));
    call.response!.send();
    const counter = await registry.getSingleMetric('ovation_requests_total')!.get();
    expect(counter.values.map((v) => v.value)).toEqual([1]);
  });

  it.each([
    ['a success', answering({}), 'ok'],
    ['NOT_FOUND', failing(new RpcException({ code: GrpcStatus.NOT_FOUND, message: 'no room' })), 'client_error'],
    ['INVALID_ARGUMENT', failing(new RpcException({ code: GrpcStatus.INVALID_ARGUMENT, message: 'bad' })), 'client_error'],
    ['UNAUTHENTICATED', failing(new RpcException({ code: GrpcStatus.UNAUTHENTICATED, message: 'who' })), 'client_error'],
    ['INTERNAL', failing(new RpcException({ code: GrpcStatus.INTERNAL, message: 'db down' })), 'server_error'],
    ['UNAVAILABLE', failing(new RpcException({ code: GrpcStatus.UNAVAILABLE, message: 'later' })), 'server_error'],
    ['an RpcException without a code', failing(new RpcException('plain text')), 'server_error'],
    ['an HttpException (which gRPC reports as UNKNOWN)', failing(new BadRequestException()), 'server_error'],
  ])('records gRPC %s as Controller.handler', async (_case, handler, outcome) => {
    await run(interceptor, { type: 'rpc', rpcContext: {} }, handler);
    expect(await recorded(registry)).toEqual([{ transport: 'grpc', operation: 'RoomsController.getRoom', outcome }]);
  });

  it('records Kafka messages under the kafka transport', async () => {
    const kafkaContext = new KafkaContext([{} as never, 0, 'ovation.room.events', {} as never, async () => undefined, {} as never]);
    await run(interceptor, { type: 'rpc', rpcContext: kafkaContext }, failing(new Error('poison')));
    expect(await recorded(registry)).toEqual([{ transport: 'kafka', operation: 'RoomsController.getRoom', outcome: 'server_error' }]);
  });

  it('falls back to Controller.handler when the request carries no route template', async () => {
    const response = new FakeResponse(201);
    await run(interceptor, { type: 'http', request: { method: 'POST' }, response }, answering({}));
    response.send();
    expect(await recorded(registry)).toEqual([{ transport: 'http', operation: 'POST RoomsController.getRoom', outcome: 'ok' }]);
  });

  it('passes other contexts through unmeasured', async () => {
    await run(interceptor, { type: 'ws' }, answering('frame'));
    expect(await recorded(registry)).toEqual([]);
  });

  it('leaves the handler result and error untouched', async () => {
    await expect(lastValueFrom(interceptor.intercept(executionContext(httpCall(200)), answering('body')))).resolves.toBe('body');
    const error = new Error('kept');
    await expect(lastValueFrom(interceptor.intercept(executionContext(httpCall(200)), failing(error)))).rejects.toBe(error);
  });

  it('shares the series with other users of the registry', () => {
    expect(() => new RedMetricsInterceptor(registry)).not.toThrow();
    expect(registry.getMetricsAsArray().map((metric) => metric.name).sort()).toEqual([
      'ovation_request_duration_seconds',
      'ovation_requests_total',
    ]);
  });
});
