import { Metadata, status } from '@grpc/grpc-js';
import type { Observable } from 'rxjs';
import type { PromiseClient } from '../grpc-client';
import { CircuitBreaker, CircuitOpenError } from './circuit-breaker';
import { withResilience } from './resilient-client';

interface Thing {
  id: string;
}
// The shape of a ts-proto Nest client, as createGrpcClient types its promise form.
interface ThingServiceClient {
  getThing(request: { id: string }): Observable<Thing>;
  createThing(request: { id: string }): Observable<Thing>;
}

const unavailable = () => Object.assign(new Error('down'), { code: status.UNAVAILABLE, details: 'down', metadata: new Metadata() });

describe('withResilience', () => {
  const retry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 };
  let getThing: jest.Mock;
  let createThing: jest.Mock;
  let breaker: CircuitBreaker;
  let client: PromiseClient<ThingServiceClient>;
  const retried: string[] = [];

  beforeEach(() => {
    getThing = jest.fn();
    createThing = jest.fn();
    retried.splice(0);
    breaker = new CircuitBreaker({ name: 'things', failureThreshold: 4, openMs: 60_000, halfOpenMaxCalls: 1 });
    client = withResilience<ThingServiceClient>(
      { getThing, createThing },
      { breaker, retry, idempotent: ['getThing'], onRetry: (method, attempt) => retried.push(`${method}#${attempt}`) },
    );
  });

  it('retries idempotent methods on transport failures', async () => {
    getThing.mockRejectedValueOnce(unavailable()).mockResolvedValue({ id: 't-1' });
    await expect(client.getThing({ id: 't-1' })).resolves.toEqual({ id: 't-1' });
    expect(getThing).toHaveBeenCalledTimes(2);
    expect(getThing).toHaveBeenLastCalledWith({ id: 't-1' });
    expect(retried).toEqual(['getThing#1']);
  });

  it('never retries the others: a lost reply may hide a done write', async () => {
    createThing.mockRejectedValue(unavailable());
    await expect(client.createThing({ id: 't-1' })).rejects.toMatchObject({ code: status.UNAVAILABLE });
    expect(createThing).toHaveBeenCalledTimes(1);
  });

  it('counts every attempt against one breaker per downstream and stops retrying once it opens', async () => {
    getThing.mockRejectedValue(unavailable());
    createThing.mockRejectedValue(unavailable());
    await client.createThing({ id: 'a' }).catch(() => undefined);
    await client.createThing({ id: 'b' }).catch(() => undefined);
    // third attempt fails → 4 failures → open; no third retry is attempted
    await expect(client.getThing({ id: 'c' })).rejects.toBeInstanceOf(CircuitOpenError);
    expect(getThing).toHaveBeenCalledTimes(2);
    expect(breaker.state).toBe('open');
    await expect(client.createThing({ id: 'd' })).rejects.toBeInstanceOf(CircuitOpenError);
    expect(createThing).toHaveBeenCalledTimes(2);
  });
});
