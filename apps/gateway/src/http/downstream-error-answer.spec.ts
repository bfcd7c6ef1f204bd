import type { ArgumentsHost } from '@nestjs/common';
import { NotFoundException } from '@nestjs/common';
import { Metadata, status } from '@grpc/grpc-js';
import { CircuitOpenError, ERROR_FIELD_KEY, ERROR_REASON_KEY } from '@ovation/grpc';
import { HttpErrorFilter } from '@ovation/http';
import pino from 'pino';
import { RateLimitedException } from '../rate-limit/rate-limited.exception';
import { downstreamErrorAnswer } from './downstream-error-answer';

interface Sent {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

// The gateway's errors through the shared filter, as its HTTP port answers them.
function send(exception: unknown): Sent {
  const sent: Sent = { status: 0, body: undefined, headers: {} };
  const response = {
    headersSent: false,
    set(headers: Record<string, string>) {
      Object.assign(sent.headers, headers);
      return this;
    },
    status(code: number) {
      sent.status = code;
      return this;
    },
    json: (body: unknown) => void (sent.body = body),
  };
  const request = { method: 'GET', path: '/v1/rooms/r-1', route: {} };
  const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => response, getRequest: () => request }) } as unknown as ArgumentsHost;
  new HttpErrorFilter(pino({ enabled: false }), [downstreamErrorAnswer]).catch(exception, host);
  return sent;
}

function grpcError(code: status, details: string, reason?: string, field?: string) {
  const metadata = new Metadata();
  if (reason) metadata.set(ERROR_REASON_KEY, reason);
  if (field) metadata.set(ERROR_FIELD_KEY, field);
  return Object.assign(new Error(details), { code, details, metadata });
}

describe('downstreamErrorAnswer', () => {
  it.each([
    [status.INVALID_ARGUMENT, 400],
    [status.PERMISSION_DENIED, 403],
    [status.NOT_FOUND, 404],
    [status.FAILED_PRECONDITION, 409],
    [status.RESOURCE_EXHAUSTED, 429],
  ])('answers gRPC status %s with HTTP %s and the reason as code', (code, httpStatus) => {
    const sent = send(grpcError(code, 'no', 'room_ended'));
    expect(sent.status).toBe(httpStatus);
    expect(sent.body).toEqual({ error: { code: 'room_ended', message: 'no' } });
  });

  it('names request fields as the REST API does', () => {
    expect(send(grpcError(status.INVALID_ARGUMENT, 'bad cursor', 'invalid_argument', 'page.cursor')).body).toEqual({
      error: { code: 'invalid_argument', message: 'bad cursor', field: 'cursor' },
    });
    expect(send(grpcError(status.INVALID_ARGUMENT, 'too long', 'invalid_argument', 'durationMs')).body).toMatchObject({ error: { field: 'durationSeconds' } });
    expect(send(grpcError(status.INVALID_ARGUMENT, 'empty', 'invalid_argument', 'title')).body).toMatchObject({ error: { field: 'title' } });
  });

  it('answers an unreachable downstream with 503 and Retry-After, without its internal address', () => {
    const sent = send(grpcError(status.UNAVAILABLE, 'connect ECONNREFUSED 10.1.2.3:50051'));
    expect(sent.status).toBe(503);
    expect(sent.headers['Retry-After']).toBe('1');
    expect(JSON.stringify(sent.body)).not.toContain('10.1.2.3');
    expect(sent.body).toMatchObject({ error: { code: 'unavailable' } });
  });

  it('tells how long an open circuit stays open', () => {
    const sent = send(new CircuitOpenError('room', 4_200));
    expect(sent.status).toBe(503);
    expect(sent.headers['Retry-After']).toBe('5');
    expect(sent.body).toEqual({ error: { code: 'unavailable', message: 'room is unavailable (circuit open)' } });
  });

  it('answers a rate limit with 429 and the seconds until the window ends', () => {
    const sent = send(new RateLimitedException('user', 17));
    expect(sent.status).toBe(429);
    expect(sent.headers['Retry-After']).toBe('17');
    expect(sent.body).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it('keeps Nest exceptions in the one shape and hides anything unexpected', () => {
    expect(send(new NotFoundException('no such page'))).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: 'no such page' } } });
    expect(send(new Error('secret stack'))).toMatchObject({ status: 500, body: { error: { code: 'internal', message: 'internal error' } }, headers: { 'Cache-Control': 'no-store' } });
    expect(send(grpcError(status.INTERNAL, 'db exploded'))).toMatchObject({ status: 500, body: { error: { code: 'internal' } } });
  });
});
