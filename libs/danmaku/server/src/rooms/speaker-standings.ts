import { roomV1 } from '@ovation/contracts';
import type { SpeakerStanding } from '@ovation/danmaku-domain';
import { ExpiringCache } from '../cache/expiring-cache';
import type { RoomClient } from './room-client';

export interface Standing extends SpeakerStanding {
  role: roomV1.RoomRole;
}

/** Mutes and bans from room's CheckSpeaker, remembered for `ttlMs` per room and user (asked for every message). */
export class SpeakerStandings {
  private readonly cache: ExpiringCache<string, Standing>;

  constructor(rooms: RoomClient, ttlMs: number) {
    this.cache = new ExpiringCache(async (key) => {
      const [roomId, userId] = key.split('\u0000');
      const answer = await rooms.checkSpeaker({ roomId, userId });
      return { banned: answer.banned, muted: answer.muted, muteUntil: Number(answer.muteUntil), role: answer.role };
    }, ttlMs);
  }

  of(roomId: string, userId: string): Promise<Standing> {
    return this.cache.get(`${roomId}\u0000${userId}`);
  }
}
