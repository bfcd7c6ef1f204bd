import type { NackReason } from './nack-reason';

/** What the room says about a user in a room (room's CheckSpeaker). */
export interface SpeakerStanding {
  banned: boolean;
  muted: boolean;
  /** Epoch ms the mute ends; 0 when muted without end (or not muted). */
  muteUntil: number;
}

export type SpeakerVerdict = { ok: true } | { ok: false; reason: NackReason; retryAfterMs: number };

/** Banned beats muted; a timed mute tells the client when it may speak again. */
export function speakerVerdict(standing: SpeakerStanding, nowMs: number): SpeakerVerdict {
  if (standing.banned) return { ok: false, reason: 'banned', retryAfterMs: 0 };
  if (!standing.muted) return { ok: true };
  if (standing.muteUntil > 0 && standing.muteUntil <= nowMs) return { ok: true };
  return { ok: false, reason: 'muted', retryAfterMs: standing.muteUntil > 0 ? Math.min(standing.muteUntil - nowMs, 2_147_483_647) : 0 };
}
