import { roomV1 } from '@ovation/contracts';
import { rejectionOf } from './publish-rejection';

const { PublishDenial } = roomV1;

describe('publish rejection', () => {
  it('lets an allowed key with its room through', () => {
    expect(rejectionOf({ allowed: true, roomId: 'r1', denial: PublishDenial.PUBLISH_DENIAL_UNSPECIFIED })).toBeUndefined();
  });

  it('names each denial, and refuses an answer without a room', () => {
    expect(rejectionOf({ allowed: false, roomId: '', denial: PublishDenial.PUBLISH_DENIAL_UNKNOWN_KEY })).toBe('unknown_key');
    expect(rejectionOf({ allowed: false, roomId: '', denial: PublishDenial.PUBLISH_DENIAL_ALREADY_LIVE })).toBe('already_live');
    expect(rejectionOf({ allowed: false, roomId: '', denial: PublishDenial.PUBLISH_DENIAL_ROOM_ENDED })).toBe('room_ended');
    expect(rejectionOf({ allowed: false, roomId: '', denial: PublishDenial.PUBLISH_DENIAL_UNSPECIFIED })).toBe('forbidden');
    expect(rejectionOf({ allowed: true, roomId: '', denial: PublishDenial.PUBLISH_DENIAL_UNSPECIFIED })).toBe('forbidden');
  });
});
