import { allows, canTransition, LifecycleError, requireOperation, ROOM_STATUSES, RoomOperation, roomOperations, transition } from './index';

describe('room lifecycle', () => {
  it.each([
    ['created', 'live'],
    ['created', 'ended'],
    ['live', 'ended'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(transition(from, to)).toBe(to);
  });

  it.each([
    ['live', 'live'],
    ['live', 'created'],
    ['ended', 'live'],
    ['ended', 'ended'],
    ['created', 'created'],
  ] as const)('rejects %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => transition(from, to)).toThrow(LifecycleError);
  });
});

describe('room operations by status', () => {
  it('refuses every operation the table does not list for a status, naming the status', () => {
    for (const operation of Object.keys(roomOperations) as RoomOperation[]) {
      for (const status of ROOM_STATUSES) {
        const check = () => requireOperation(operation, { id: 'r1', status });
        if (allows(operation, status)) expect(check).not.toThrow();
        else expect(check).toThrow(expect.objectContaining({ kind: 'failed_precondition', reason: `room_${status}` }));
      }
    }
    expect(allows('edit', 'ended')).toBe(false);
  });
});
