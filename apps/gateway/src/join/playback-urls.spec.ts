import { verifyPlaybackGrant } from '@ovation/media-domain';
import { livePlaybackUrls } from './playback-urls';

const signing = { publicUrl: 'https://play.example.com/', secret: 'playback-secret-with-32-characters!!', ttlSeconds: 600 };
const roomId = '0b6f3a52-4c1e-4d1a-9a57-8f0d5a3c2e11';

describe('livePlaybackUrls', () => {
  const now = Date.UTC(2025, 0, 1, 12, 0, 0);
  const urls = livePlaybackUrls(roomId, signing, now);

  it('points at the HLS master playlist and the HTTP-FLV stream of the room', () => {
    expect(urls.hls).toMatch(new RegExp(`^https://play\\.example\\.com/live/${roomId}/master\\.m3u8\\?exp=\\d+&sig=`));
    expect(urls.flv).toMatch(new RegExp(`^https://play\\.example\\.com/live/${roomId}\\.flv\\?exp=\\d+&sig=`));
    expect(urls.expiresAt).toBe('2025-01-01T12:10:00.000Z');
  });

  it('signs both for this room only, until they expire', () => {
    const nowSeconds = now / 1000;
    for (const url of [urls.hls, urls.flv]) {
      const query = new URL(url).searchParams;
      expect(verifyPlaybackGrant(roomId, query, signing.secret, nowSeconds)).toBeUndefined();
      expect(verifyPlaybackGrant('another-room', query, signing.secret, nowSeconds)).toBe('forged');
      expect(verifyPlaybackGrant(roomId, query, 'not-the-secret-not-the-secret-not-the', nowSeconds)).toBe('forged');
      expect(verifyPlaybackGrant(roomId, query, signing.secret, nowSeconds + 601)).toBe('expired');
    }
  });
});
