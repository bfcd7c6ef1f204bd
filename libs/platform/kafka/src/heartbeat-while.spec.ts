import { heartbeatWhile } from './heartbeat-while';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('heartbeatWhile', () => {
  it('heartbeats while the work runs and stops when it is done', async () => {
    let beats = 0;

    const result = await heartbeatWhile(() => sleep(260).then(() => 'done'), async () => void (beats += 1), 50, () => undefined);
    const beatsWhenDone = beats;
    await sleep(120);

    expect(result).toBe('done');
    expect(beatsWhenDone).toBeGreaterThanOrEqual(3);
    expect(beats).toBe(beatsWhenDone);
  });

  it('reports a failed heartbeat and lets the work finish', async () => {
    const errors: unknown[] = [];

    await heartbeatWhile(() => sleep(120), () => Promise.reject(new Error('rebalancing')), 30, (error) => errors.push(error));

    expect(errors.length).toBeGreaterThan(0);
  });

  it('passes the work failure through', async () => {
    await expect(heartbeatWhile(() => Promise.reject(new Error('boom')), async () => undefined, 30, () => undefined)).rejects.toThrow('boom');
  });
});
