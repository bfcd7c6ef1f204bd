import { Metadata, status } from '@grpc/grpc-js';
import { ERROR_REASON_KEY } from '../grpc-error.filter';
import { CircuitBreaker, CircuitOpenError, CircuitState } from './circuit-breaker';

const unavailable = () => Object.assign(new Error('connect ECONNREFUSED'), { code: status.UNAVAILABLE, details: 'connect ECONNREFUSED', metadata: new Metadata() });
const notFound = () => {
  const metadata = new Metadata();
  metadata.set(ERROR_REASON_KEY, 'room_not_found');
  return Object.assign(new Error('no room'), { code: status.NOT_FOUND, details: 'no room', metadata });
};

describe('CircuitBreaker', () => {
  let clock: number;
  let transitions: CircuitState[];
  let breaker: CircuitBreaker;

  beforeEach(() => {
    clock = 1_000;
    transitions = [];
    breaker = new CircuitBreaker({
      name: 'room',
      failureThreshold: 3,
      openMs: 5_000,
      halfOpenMaxCalls: 1,
      now: () => clock,
      onStateChange: (state) => transitions.push(state),
    });
  });

  const fail = () => breaker.execute(() => Promise.reject(unavailable())).catch((error: unknown) => error);
  const succeed = () => breaker.execute(() => Promise.resolve('ok'));

  it('opens after the threshold of consecutive transport failures', async () => {
    await fail();
    await fail();
    expect(breaker.state).toBe('closed');
    await fail();
    expect(breaker.state).toBe('open');
    expect(transitions).toEqual(['open']);
  });

  it('forgets failures once a call succeeds', async () => {
    await fail();
    await fail();
    await succeed();
    await fail();
    await fail();
    expect(breaker.state).toBe('closed');
  });

  it('does not count answers the downstream gave on purpose', async () => {
    for (let i = 0; i < 5; i += 1) await breaker.execute(() => Promise.reject(notFound())).catch(() => undefined);
    expect(breaker.state).toBe('closed');
  });

  it('refuses calls while open without calling, saying when to come back', async () => {
    for (let i = 0; i < 3; i += 1) await fail();
    clock += 2_000;
    const call = jest.fn(() => Promise.resolve('ok'));
    const error = await breaker.execute(call).catch((e: unknown) => e);
    expect(call).not.toHaveBeenCalled();
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ code: status.UNAVAILABLE, downstream: 'room', retryAfterMs: 3_000 });
    expect((error as CircuitOpenError).metadata.get(ERROR_REASON_KEY)).toEqual(['circuit_open']);
  });

  it('half-opens after openMs and closes when the trial call succeeds', async () => {
    for (let i = 0; i < 3; i += 1) await fail();
    clock += 5_000;
    expect(breaker.state).toBe('half_open');
    await expect(succeed()).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
    expect(transitions).toEqual(['open', 'half_open', 'closed']);
  });

  it('reopens for another openMs when the trial call fails', async () => {
    for (let i = 0; i < 3; i += 1) await fail();
    clock += 5_000;
    await fail();
    expect(breaker.state).toBe('open');
    clock += 4_999;
    expect(breaker.state).toBe('open');
    clock += 1;
    expect(breaker.state).toBe('half_open');
    expect(transitions).toEqual(['open', 'half_open', 'open', 'half_open']);
  });

  it('lets only halfOpenMaxCalls trials through at once', async () => {
    for (let i = 0; i < 3; i += 1) await fail();
    clock += 5_000;
    let release!: (value: string) => void;
    const trial = breaker.execute(() => new Promise<string>((resolve) => (release = resolve)));
    await expect(succeed()).rejects.toBeInstanceOf(CircuitOpenError);
    release('done');
    await expect(trial).resolves.toBe('done');
    expect(breaker.state).toBe('closed');
  });
});
