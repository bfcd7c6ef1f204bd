import { PresenceReporter, RoomPresence, startPresenceReporting } from './index';

/** Records calls instead of writing to Redis (the real reporter is covered against Redis). */
function recordingReporter() {
  const calls: Array<{ kind: 'report' | 'withdraw'; nodeId: string; rooms?: ReadonlyMap<string, RoomPresence> }> = [];
  let failNext = false;
  const reporter = {
    report: async (nodeId: string, rooms: ReadonlyMap<string, RoomPresence>) => {
      calls.push({ kind: 'report', nodeId, rooms });
      if (failNext) {
        failNext = false;
        throw new Error('redis down');
      }
    },
    withdraw: async (nodeId: string) => {
      calls.push({ kind: 'withdraw', nodeId });
    },
  } as unknown as PresenceReporter;
  return { reporter, calls, failOnce: () => (failNext = true) };
}

describe('startPresenceReporting', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('reports the snapshot at once and every interval, survives a failed report, and withdraws on stop', async () => {
    const { reporter, calls, failOnce } = recordingReporter();
    const errors: unknown[] = [];
    let viewers = 1;
    failOnce();
    const reporting = startPresenceReporting({
      reporter,
      nodeId: 'push-1',
      snapshot: () => new Map([['room-1', { connections: viewers, uniqueUsers: viewers }]]),
      intervalMs: 2_000,
      onError: (error) => errors.push(error),
    });
    viewers = 5;
    await jest.advanceTimersByTimeAsync(4_000);
    await reporting.stop();

    expect(calls.map((call) => call.kind)).toEqual(['report', 'report', 'report', 'withdraw']);
    expect(calls[0].rooms!.get('room-1')).toEqual({ connections: 1, uniqueUsers: 1 });
    expect(calls[2].rooms!.get('room-1')).toEqual({ connections: 5, uniqueUsers: 5 });
    expect(errors).toEqual([new Error('redis down')]);
  });
});
