import { Metadata, status } from '@grpc/grpc-js';
import { ERROR_REASON_KEY } from '../grpc-error.filter';
import { isRetryableFailure } from './transport-failure';

const grpcError = (code: status, reason?: string) => {
  const metadata = new Metadata();
  if (reason) metadata.set(ERROR_REASON_KEY, reason);
  return Object.assign(new Error(`status ${code}`), { code, details: `status ${code}`, metadata });
};

describe('isRetryableFailure', () => {
  it('retries an unreachable server', () => {
    expect(isRetryableFailure(grpcError(status.UNAVAILABLE))).toBe(true);
  });

  it.each([
    ['a deadline that passed', grpcError(status.DEADLINE_EXCEEDED)],
    ['an answer of the server', grpcError(status.NOT_FOUND, 'room_not_found')],
    ['an unavailable the server chose to send', grpcError(status.UNAVAILABLE, 'no_push_node')],
    ['an internal error', grpcError(status.INTERNAL)],
  ])('does not retry %s', (_what, error) => {
    expect(isRetryableFailure(error)).toBe(false);
  });
});
