import type { Principal, Role } from './principal';
import { canWrite, hasRole } from './roles';

const as = (role: Role): Principal => ({ userId: `u-${role}`, displayName: role, role });

describe('hasRole', () => {
  it.each<[Role, Role, boolean]>([
    ['guest', 'guest', true],
    ['guest', 'viewer', false],
    ['viewer', 'guest', true],
    ['viewer', 'viewer', true],
    ['viewer', 'streamer', false],
    ['streamer', 'viewer', true],
    ['streamer', 'streamer', true],
    ['streamer', 'admin', false],
    ['admin', 'guest', true],
    ['admin', 'viewer', true],
    ['admin', 'streamer', true],
    ['admin', 'admin', true],
  ])('%s satisfies [%s]: %s', (held, required, expected) => {
    expect(hasRole(as(held), [required])).toBe(expected);
  });

  it('is satisfied by any one of several required roles', () => {
    expect(hasRole(as('streamer'), ['admin', 'streamer'])).toBe(true);
    expect(hasRole(as('viewer'), ['admin', 'streamer'])).toBe(false);
  });

  it('requires nothing when the list is empty', () => {
    expect(hasRole(as('guest'), [])).toBe(true);
  });
});

describe('canWrite', () => {
  it.each<[Role, boolean]>([
    ['guest', false],
    ['viewer', true],
    ['streamer', true],
    ['admin', true],
  ])('%s: %s', (role, expected) => {
    expect(canWrite(as(role))).toBe(expected);
  });
});
