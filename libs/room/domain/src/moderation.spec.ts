import { ValidationError } from '@ovation/errors';
import { isMuteInForce, MODERATION_REASON_MAX, MUTE_DURATION_MAX_MS, muteUntil, speakerStatus, validateReason } from './index';

describe('mutes', () => {
  it('ends a timed mute after its duration; 0 means until unmuted', () => {
    expect(muteUntil(60_000, 1_000)).toBe(61_000);
    expect(muteUntil(0, 1_000)).toBe(0);
    expect(isMuteInForce(0, 10 ** 13)).toBe(true);
    expect(isMuteInForce(61_000, 60_999)).toBe(true);
    expect(isMuteInForce(61_000, 61_000)).toBe(false);
  });

  it.each([-1, 1.5, MUTE_DURATION_MAX_MS + 1, Number.NaN])('rejects the duration %p naming durationMs', (duration) => {
    expect(() => muteUntil(duration, 0)).toThrow(expect.objectContaining({ field: 'durationMs' }));
  });

  it('answers the speaker check: an expired mute no longer silences', () => {
    expect(speakerStatus('viewer', { until: 5_000 }, false, 4_000)).toEqual({ muted: true, banned: false, muteUntil: 5_000, role: 'viewer' });
    expect(speakerStatus('viewer', { until: 5_000 }, false, 5_000)).toEqual({ muted: false, banned: false, muteUntil: 0, role: 'viewer' });
    expect(speakerStatus('admin', { until: 0 }, true, 5_000)).toEqual({ muted: true, banned: true, muteUntil: 0, role: 'admin' });
    expect(speakerStatus('owner', null, false, 5_000)).toEqual({ muted: false, banned: false, muteUntil: 0, role: 'owner' });
  });

  it('normalizes a reason and bounds its length', () => {
    expect(validateReason('  spam\u0000 ')).toBe('spam');
    expect(() => validateReason('x'.repeat(MODERATION_REASON_MAX + 1))).toThrow(ValidationError);
  });
});
