import { Metadata, status } from '@grpc/grpc-js';
import { ERROR_REASON_KEY } from '../domain-error.filter';
import { backoffDelay, withRetry } from './retry-policy';

const grpcError = (code: status, reason?: string) => {
  const metadata = new Metadata();
  if (reason) metadata.set(ERROR_REASON_KEY, reason);
  return Object.assign(new Error(`status ${code}`), { code, details: `status ${code}`, metadata });
};

describe('backoffDelay', () => {
  const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 500 };

  it('doubles per attempt up to the cap, half of it jittered', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(policy, attempt, () => 0))).toEqual([50, 100, 200, 250]);
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(policy, attempt, () => 0.999999))).toEqual([100, 200, 400, 500]);
  });
});

describe('withRetry', () => {
  const policy = { attempts: 3, baseDelayMs: 10, maxDelayMs: 100 };
  const sleeps: number[] = [];
  const hooks = { random: () => 0, sleep: async (ms: number) => void sleeps.push(ms) };

  beforeEach(() => sleeps.splice(0));

  it('retries an unreachable server with growing waits and returns the first success', async () => {
    const call = jest.fn().mockRejectedValueOnce(grpcError(status.UNAVAILABLE)).mockRejectedValueOnce(grpcError(status.UNAVAILABLE)).mockResolvedValue('ok');
    await expect(withRetry(call, policy, hooks)).resolves.toBe('ok');
    expect(call).toHaveBeenCalledTimes(3);
    expect(sleeps).toEqual([5, 10]);
  });

  it('gives up after the last attempt with the last error', async () => {
    const call = jest.fn().mockRejectedValue(grpcError(status.UNAVAILABLE));
    await expect(withRetry(call, policy, hooks)).rejects.toMatchObject({ code: status.UNAVAILABLE });
    expect(call).toHaveBeenCalledTimes(3);
  });

  it.each([
    ['a deadline that passed', grpcError(status.DEADLINE_EXCEEDED)],
    ['an answer of the server', grpcError(status.NOT_FOUND, 'room_not_found')],
    ['an unavailable the server chose to send', grpcError(status.UNAVAILABLE, 'no_push_node')],
    ['an internal error', grpcError(status.INTERNAL)],
  ])('does not retry %s', async (_what, error) => {
    const call = jest.fn().mockRejectedValue(error);
    await expect(withRetry(call, policy, hooks)).rejects.toBe(error);
    expect(call).toHaveBeenCalledTimes(1);
  });

  it('reports each retry', async () => {
    const onRetry = jest.fn();
    const call = jest.fn().mockRejectedValueOnce(grpcError(status.UNAVAILABLE)).mockResolvedValue('ok');
    await withRetry(call, policy, { ...hooks, onRetry });
    expect(onRetry).toHaveBeenCalledWith(1, expect.objectContaining({ code: status.UNAVAILABLE }), 5);
  });
});
