import { commonV1 } from '@ovation/contracts';
import { requireActor, requireAdmin } from './actor';

const user = (userId: string): commonV1.Actor => ({ userId, role: commonV1.Role.ROLE_USER });

describe('the actor a gRPC caller names', () => {
  it('is taken when its user id is a normalized id', () => {
    expect(requireActor(user('DEMO'))).toEqual(user('DEMO'));
  });

  it.each([
    ['no actor', undefined, 'sender'],
    ['an empty user id', user(''), 'sender.userId'],
    ['surrounding whitespace', user('demo '), 'sender.userId'],
    ['a zero-width space', user('de\u200bmo'), 'sender.userId'],
  ])('is refused with %s, naming the field', (_case, actor, field) => {
    expect(() => requireActor(actor, 'sender')).toThrow(expect.objectContaining({ kind: 'invalid_argument', field }));
  });

  it('is refused before its role is looked at', () => {
    expect(() => requireAdmin({ userId: ' staff', role: commonV1.Role.ROLE_ADMIN })).toThrow(expect.objectContaining({ kind: 'invalid_argument', field: 'actor.userId' }));
  });
});
