import { signPlaybackGrant, verifyPlaybackGrant } from './playback-signature';

const secret = 'playback-signing-secret-for-tests';
const now = 1_800_000_000;

describe('playback URL signatures', () => {
  it('accepts its own signature until it expires', () => {
    const query = signPlaybackGrant({ roomId: 'r1', expiresAt: now + 60 }, secret);
    expect(verifyPlaybackGrant('r1', query, secret, now)).toBeUndefined();
    expect(verifyPlaybackGrant('r1', query, secret, now + 61)).toBe('expired');
  });

  it('binds the room, the expiry and the viewer', () => {
    const query = signPlaybackGrant({ roomId: 'r1', expiresAt: now + 60, viewerId: 'alice' }, secret);
    expect(verifyPlaybackGrant('r1', query, secret, now)).toBeUndefined();
    expect(verifyPlaybackGrant('r2', query, secret, now)).toBe('forged');
    const later = new URLSearchParams(query);
    later.set('exp', String(now + 3600));
    expect(verifyPlaybackGrant('r1', later, secret, now)).toBe('forged');
    const otherViewer = new URLSearchParams(query);
    otherViewer.set('v', 'mallory');
    expect(verifyPlaybackGrant('r1', otherViewer, secret, now)).toBe('forged');
  });

  it('rejects another key, and missing or malformed parameters', () => {
    const query = signPlaybackGrant({ roomId: 'r1', expiresAt: now + 60 }, secret);
    expect(verifyPlaybackGrant('r1', query, 'another-secret', now)).toBe('forged');
    expect(verifyPlaybackGrant('r1', new URLSearchParams(), secret, now)).toBe('missing');
    expect(verifyPlaybackGrant('r1', new URLSearchParams({ exp: 'soon', sig: 'x' }), secret, now)).toBe('malformed');
  });
});
