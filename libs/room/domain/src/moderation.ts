import { ValidationError } from '@ovation/errors';
import { RoomRole } from './actor';

/** The longest timed mute; anything longer is a mute without end (duration 0). */
export const MUTE_DURATION_MAX_MS = 30 * 24 * 3600_000;
export const MODERATION_REASON_MAX = 200;

/** When a mute of `durationMs` given at `now` ends: epoch ms, or 0 for "until unmuted". */
export function muteUntil(durationMs: number, now: number): number {
  if (!Number.isSafeInteger(durationMs) || durationMs < 0 || durationMs > MUTE_DURATION_MAX_MS) {
    throw new ValidationError('durationMs', `durationMs must be between 0 (until unmuted) and ${MUTE_DURATION_MAX_MS}`);
  }
  return durationMs === 0 ? 0 : now + durationMs;
}

/** A stored mute (0 = no end) still silences at `now`. */
export function isMuteInForce(until: number, now: number): boolean {
  return until === 0 || until > now;
}

export function validateReason(reason: string | undefined): string {
  const normalized = (reason ?? '').normalize('NFC').replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  if ([...normalized].length > MODERATION_REASON_MAX) throw new ValidationError('reason', `reason must be at most ${MODERATION_REASON_MAX} characters`);
  return normalized;
}

export interface SpeakerStatus {
  muted: boolean;
  banned: boolean;
  /** Epoch ms the mute ends; 0 when not muted or muted without end. */
  muteUntil: number;
  role: RoomRole;
}

/** The danmaku write path's answer for one user: a mute that has run out no longer counts. */
export function speakerStatus(role: RoomRole, mute: { until: number } | null, banned: boolean, now: number): SpeakerStatus {
  const muted = mute !== null && isMuteInForce(mute.until, now);
  return { muted, banned, muteUntil: muted ? mute.until : 0, role };
}
