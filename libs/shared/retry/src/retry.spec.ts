import { backoffDelay, withRetry } from './retry';

class Failure extends Error {
  constructor(readonly retryable: boolean) {
    super(retryable ? 'worth another attempt' : 'final');
  }
}

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
  const hooks = { isRetryable: (error: unknown) => error instanceof Failure && error.retryable, random: () => 0, sleep: async (ms: number) => void sleeps.push(ms) };

  beforeEach(() => sleeps.splice(0));

  it('retries a retryable failure with growing waits and returns the first success', async () => {
    const call = jest.fn().mockRejectedValueOnce(new Failure(true)).mockRejectedValueOnce(new Failure(true)).mockResolvedValue('ok');
    await expect(withRetry(call, policy, hooks)).resolves.toBe('ok');
    expect(call).toHaveBeenCalledTimes(3);
    expect(sleeps).toEqual([5, 10]);
  });

  it('gives up after the last attempt with the last error', async () => {
    const call = jest.fn().mockRejectedValue(new Failure(true));
    await expect(withRetry(call, policy, hooks)).rejects.toMatchObject({ retryable: true });
    expect(call).toHaveBeenCalledTimes(3);
  });

  it('does not retry what isRetryable refuses', async () => {
    const error = new Failure(false);
    const call = jest.fn().mockRejectedValue(error);
    await expect(withRetry(call, policy, hooks)).rejects.toBe(error);
    expect(call).toHaveBeenCalledTimes(1);
  });

  it('reports each retry', async () => {
    const onRetry = jest.fn();
    const call = jest.fn().mockRejectedValueOnce(new Failure(true)).mockResolvedValue('ok');
    await withRetry(call, policy, { ...hooks, onRetry });
    expect(onRetry).toHaveBeenCalledWith(1, expect.objectContaining({ retryable: true }), 5);
  });
});
