import { canTransition, LifecycleError, transition } from './index';

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
