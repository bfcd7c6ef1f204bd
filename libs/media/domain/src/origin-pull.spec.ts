import { signOriginUrl, verifyOriginPull } from './origin-pull';
import { signPlaybackGrant } from './playback-signature';

const SECRET = 'origin-secret-0123456789abcdef0123456789';
const NOW = 1_800_000_000;

describe('origin pull credential', () => {
  const signed = new URL(signOriginUrl('http://10.0.0.5:8000/room/r1.flv', SECRET, NOW));

  it('opens the stream it was signed for, until it expires', () => {
    expect(signed.pathname).toBe('/room/r1.flv');
    expect(verifyOriginPull('/room/r1.flv', signed.searchParams, SECRET, NOW + 59)).toBeUndefined();
    expect(verifyOriginPull('/room/r1.flv', signed.searchParams, SECRET, NOW + 61)).toBe('expired');
  });

  it('opens no other stream, nothing with another secret, and nothing without a signature', () => {
    expect(verifyOriginPull('/room/r2.flv', signed.searchParams, SECRET, NOW)).toBe('forged');
    expect(verifyOriginPull('/live/r1.flv', signed.searchParams, SECRET, NOW)).toBe('forged');
    expect(verifyOriginPull('/room/r1.flv', signed.searchParams, `${SECRET}x`, NOW)).toBe('forged');
    expect(verifyOriginPull('/room/r1.flv', new URLSearchParams(), SECRET, NOW)).toBe('missing');
  });

  it("refuses a viewer's playback grant for the room, even one signed with the same secret", () => {
    expect(verifyOriginPull('/room/r1.flv', signPlaybackGrant({ roomId: 'r1', expiresAt: NOW + 600 }, SECRET), SECRET, NOW)).toBe('forged');
  });
});
