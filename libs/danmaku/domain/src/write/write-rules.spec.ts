import { isClientMsgId } from './chat-request';
import { chatMessageId } from './message-id';
import { NACK_REASONS, nackReasonFromProto, nackReasonToProto } from './nack-reason';
import { speakerVerdict } from './speaker-verdict';

describe('isClientMsgId', () => {
  it('accepts a short printable id', () => {
    expect(isClientMsgId('m-1')).toBe(true);
    expect(isClientMsgId('x'.repeat(64))).toBe(true);
  });

  it.each([
    ['', 'empty id'],
    ['x'.repeat(65), 'over-long id'],
    ['has space', 'whitespace in id'],
    ['nul\u0000', 'control character'],
  ])('refuses %j (%s)', (clientMsgId) => {
    expect(isClientMsgId(clientMsgId)).toBe(false);
  });
});

describe('speakerVerdict', () => {
  const now = 1_000_000;
  it('lets a user in good standing speak', () => {
    expect(speakerVerdict({ banned: false, muted: false, muteUntil: 0 }, now)).toEqual({ ok: true });
  });
  it('refuses a banned user, even when also muted', () => {
    expect(speakerVerdict({ banned: true, muted: true, muteUntil: now + 5 }, now)).toEqual({ ok: false, reason: 'banned', retryAfterMs: 0 });
  });
  it('tells a muted user how long the mute lasts, or 0 without end', () => {
    expect(speakerVerdict({ banned: false, muted: true, muteUntil: now + 1500 }, now)).toEqual({ ok: false, reason: 'muted', retryAfterMs: 1500 });
    expect(speakerVerdict({ banned: false, muted: true, muteUntil: 0 }, now)).toEqual({ ok: false, reason: 'muted', retryAfterMs: 0 });
  });
  it('treats a mute that ran out (stale cache) as over', () => {
    expect(speakerVerdict({ banned: false, muted: true, muteUntil: now - 1 }, now)).toEqual({ ok: true });
  });
});

describe('chatMessageId', () => {
  it('is stable for one sender, room and client id and differs otherwise', () => {
    expect(chatMessageId('r', 'u', 'm')).toBe(chatMessageId('r', 'u', 'm'));
    expect(chatMessageId('r', 'u', 'm')).not.toBe(chatMessageId('r', 'u2', 'm'));
    expect(chatMessageId('r', 'u', 'm')).not.toBe(chatMessageId('ru', '', 'm'));
    expect(chatMessageId('r', 'u', 'm')).toMatch(/^[\w-]{22}$/);
  });
});

describe('nack reasons', () => {
  it('round-trip through their proto values', () => {
    for (const reason of NACK_REASONS) expect(nackReasonFromProto(nackReasonToProto(reason))).toBe(reason);
    expect(new Set(NACK_REASONS.map(nackReasonToProto)).size).toBe(NACK_REASONS.length);
  });
});
