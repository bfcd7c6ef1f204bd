import { roomV1 } from '@ovation/contracts';
import type { SpeakerStanding } from '@ovation/danmaku-domain';
import { ExpiringCache, ExpiringCacheOptions } from '../cache/expiring-cache';
import type { RoomClient } from './room-client';

export interface Standing extends SpeakerStanding {
  role: roomV1.RoomRole;
}

/**
 * Mutes, bans and roles from room's CheckSpeaker, remembered for `ttlMs` per room and user (asked
 * for every message). A change made in room arrives sooner, as a SpeakerStandingChanged event on
 * the room stream: the TTL only bounds how stale a lost event can leave an answer. While room
 * cannot answer, a known standing stands for `staleIfErrorMs` after it expired (no mute or ban can
 * be made meanwhile); a speaker never asked about is an error, so the message is refused, not let
 * through unchecked.
 */
export class SpeakerStandings {
  private readonly cache: ExpiringCache<string, Standing>;

  constructor(rooms: RoomClient, ttlMs: number, options: Pick<ExpiringCacheOptions, 'staleIfErrorMs' | 'onStale'> = {}) {
    this.cache = new ExpiringCache(
      async (key) => {
        const [roomId, userId] = key.split('\u0000');
        return standingOf(await rooms.checkSpeaker({ roomId, userId }));
      },
      ttlMs,
      options,
    );
  }

  of(roomId: string, userId: string): Promise<Standing> {
    return this.cache.get(keyOf(roomId, userId));
  }

  /** A standing room announced: answered from now on, over any lookup still under way. */
  observe(roomId: string, changed: roomV1.SpeakerStandingChanged): void {
    this.cache.set(keyOf(roomId, changed.userId), standingOf(changed));
  }
}

function keyOf(roomId: string, userId: string): string {
  return `${roomId}\u0000${userId}`;
}

function standingOf(answer: roomV1.CheckSpeakerResponse): Standing {
  return { banned: answer.banned, muted: answer.muted, muteUntil: Number(answer.muteUntil), role: answer.role };
}
