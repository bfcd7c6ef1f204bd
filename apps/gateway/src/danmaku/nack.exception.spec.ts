import { danmakuV1 } from '@ovation/contracts';
import { DanmakuNackException } from './nack.exception';

const { NackReason } = danmakuV1;

describe('DanmakuNackException', () => {
  it.each([
    [NackReason.NACK_REASON_RATE_LIMITED, 429, 'rate_limited'],
    [NackReason.NACK_REASON_MUTED, 403, 'muted'],
    [NackReason.NACK_REASON_BANNED, 403, 'banned'],
    [NackReason.NACK_REASON_BLOCKED_CONTENT, 422, 'filtered'],
    [NackReason.NACK_REASON_TOO_LONG, 400, 'too_long'],
    [NackReason.NACK_REASON_EMPTY, 400, 'empty'],
    [NackReason.NACK_REASON_ROOM_NOT_LIVE, 409, 'room_not_live'],
    [NackReason.NACK_REASON_UNAUTHENTICATED, 403, 'unauthenticated'],
    [NackReason.NACK_REASON_UNAVAILABLE, 503, 'unavailable'],
  ])('answers %s with %i and code %s', (reason, status, code) => {
    const exception = new DanmakuNackException(reason, 0);
    expect(exception.getStatus()).toBe(status);
    expect(exception.getResponse()).toMatchObject({ error: { code } });
  });

  it('names the text as the field at fault of a 400', () => {
    expect(new DanmakuNackException(NackReason.NACK_REASON_TOO_LONG, 0).getResponse()).toEqual({ error: { code: 'too_long', message: 'text is too long', field: 'text' } });
  });

  it('carries the retry hint of a rate limit, and none when there is none', () => {
    expect(new DanmakuNackException(NackReason.NACK_REASON_RATE_LIMITED, 1500).retryAfterMs).toBe(1500);
    expect(new DanmakuNackException(NackReason.NACK_REASON_MUTED, 0).retryAfterMs).toBeUndefined();
  });

  it('is a 500 for a reason it does not know', () => {
    expect(new DanmakuNackException(NackReason.NACK_REASON_UNSPECIFIED, 0).getStatus()).toBe(500);
  });
});
