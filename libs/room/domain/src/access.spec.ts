import { ForbiddenError } from '@ovation/errors';
import { Actor, RoomAccess, roomRoleOf } from './index';

const user = (userId: string, platformAdmin = false): Actor => ({ userId, platformAdmin });
const reasonOf = (fn: () => void) => {
  try {
    fn();
    return 'allowed';
  } catch (error) {
    expect(error).toBeInstanceOf(ForbiddenError);
    return (error as ForbiddenError).reason;
  }
};

describe('room roles', () => {
  it('derives owner, admin and viewer from the room records', () => {
    expect(roomRoleOf('alice', 'alice', false)).toBe('owner');
    expect(roomRoleOf('bob', 'alice', true)).toBe('admin');
    expect(roomRoleOf('carol', 'alice', false)).toBe('viewer');
  });
});

describe('the authorization matrix', () => {
  it.each([
    ['owner', user('alice'), 'owner', 'allowed'],
    ['platform admin', user('staff', true), 'viewer', 'allowed'],
    ['room admin', user('bob'), 'admin', 'not_room_owner'],
    ['viewer', user('carol'), 'viewer', 'not_room_owner'],
  ] as const)('manage (update, end, appoint admins): %s → %s', (_who, actor, role, outcome) => {
    expect(reasonOf(() => RoomAccess.manage(actor, role))).toBe(outcome);
    expect(reasonOf(() => RoomAccess.appointAdmins(actor, role))).toBe(outcome);
  });

  it.each([
    ['owner', 'allowed'],
    ['admin', 'not_room_owner'],
    ['viewer', 'not_room_owner'],
  ] as const)('stream key: %s → %s (platform admins included: the key is the owner’s alone)', (role, outcome) => {
    expect(reasonOf(() => RoomAccess.ownStream(role))).toBe(outcome);
  });

  it.each([
    ['owner mutes a viewer', user('alice'), 'owner', 'viewer', 'allowed'],
    ['owner mutes a room admin', user('alice'), 'owner', 'admin', 'allowed'],
    ['room admin mutes a viewer', user('bob'), 'admin', 'viewer', 'allowed'],
    ['room admin mutes a room admin', user('bob'), 'admin', 'admin', 'target_is_admin'],
    ['platform admin mutes a room admin', user('staff', true), 'viewer', 'admin', 'allowed'],
    ['anyone mutes the owner', user('staff', true), 'viewer', 'owner', 'target_is_owner'],
    ['viewer mutes a viewer', user('carol'), 'viewer', 'viewer', 'not_room_moderator'],
  ] as const)('moderate: %s', (_case, actor, role, target, outcome) => {
    expect(reasonOf(() => RoomAccess.moderate(actor, role, target))).toBe(outcome);
  });
});
