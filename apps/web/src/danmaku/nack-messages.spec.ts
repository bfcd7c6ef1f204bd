import { duration, nackMessage } from './nack-messages';

describe('nackMessage', () => {
  it.each([
    ['muted', 90_000, 'You are muted in this room for 2 min more.'],
    ['muted', 0, 'You are muted in this room until a moderator unmutes you.'],
    ['banned', 0, 'You are banned from this room: your messages are not shown.'],
    ['rate_limited', 1500, 'Slow down: you can send again in 2 s.'],
    ['filtered', 0, 'Not sent: the message contains a word that is not allowed here.'],
    ['unauthenticated', 0, 'Sign in to chat: guests can watch but not send messages.'],
    ['something_new', 0, 'Not sent: the message was refused.'],
  ])('%s (%i ms) → %s', (reason, retryAfterMs, text) => {
    expect(nackMessage(reason, retryAfterMs)).toBe(text);
  });

  it('says durations the way people do', () => {
    expect([duration(400), duration(59_000), duration(61_000), duration(3 * 3600_000)]).toEqual(['1 s', '59 s', '2 min', '3 h']);
  });
});
