import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { danmakuV1 } from '@ovation/contracts';
import { DanmakuNackException } from './nack.exception';

const { NackReason } = danmakuV1;
// The documented answer of POST /v1/rooms/{id}/danmaku to each nack reason (docs/api.md's table is generated from it).
const documented: Array<{ reason: string; proto: keyof typeof NackReason; http: number }> = JSON.parse(
  readFileSync(join(__dirname, '../../../../docs/answers.json'), 'utf8'),
).nackReasons;

describe('DanmakuNackException', () => {
  it.each(documented.map(({ proto, http, reason }) => [proto, http, reason] as const))('answers %s with %i and code %s, as documented', (proto, status, code) => {
    const exception = new DanmakuNackException(NackReason[proto], 0);
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
