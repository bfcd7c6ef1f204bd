import type { RedisClient } from '@ovation/redis';
import { ADMISSION_SCRIPT } from './admission-script';

export interface RateLimits {
  /** Messages a user may send in one room at once… */
  userBurst: number;
  /** …then one more every this many milliseconds. */
  userIntervalMs: number;
  /** Messages per second one room accepts from everyone together (also its burst). */
  roomPerSecond: number;
}

export type Admission =
  | { kind: 'admitted' }
  | { kind: 'limited'; retryAfterMs: number }
  /** Sent before: `position` when it was stored, undefined while its first attempt is in flight. */
  | { kind: 'duplicate'; position: number | undefined };

type ScriptedRedis = RedisClient & {
  ovationDanmakuAdmit(userKey: string, roomKey: string, sentKey: string, ...args: Array<number | string>): Promise<[string, string]>;
};

/** How long a stored message's id is remembered, so a retry is answered instead of sent twice. */
const SENT_TTL_MS = 10 * 60_000;
/** How long an attempt may stay unresolved before a retry may send again (a node died mid-send). */
const PENDING_TTL_MS = 30_000;

/** Rate limits (per user per room, per room) and duplicate suppression in Redis, shared by every node. */
export class ChatAdmission {
  private readonly redis: ScriptedRedis;

  constructor(
    redis: RedisClient,
    private readonly limits: RateLimits,
  ) {
    if (!('ovationDanmakuAdmit' in redis)) redis.defineCommand('ovationDanmakuAdmit', { numberOfKeys: 3, lua: ADMISSION_SCRIPT });
    this.redis = redis as ScriptedRedis;
  }

  async admit(roomId: string, userId: string, clientMsgId: string): Promise<Admission> {
    const keys = keysOf(roomId, userId, clientMsgId);
    const [kind, detail] = await this.redis.ovationDanmakuAdmit(
      keys.user,
      keys.room,
      keys.sent,
      this.limits.userBurst,
      1000 / this.limits.userIntervalMs,
      this.limits.roomPerSecond,
      this.limits.roomPerSecond,
      PENDING_TTL_MS,
    );
    if (kind === 'limited') return { kind, retryAfterMs: Number(detail) };
    if (kind === 'duplicate') return { kind, position: detail === 'pending' ? undefined : Number(detail) };
    return { kind: 'admitted' };
  }

  /** The message is stored at `position`: a retry of it is answered with that. */
  async stored(roomId: string, userId: string, clientMsgId: string, position: number): Promise<void> {
    await this.redis.set(keysOf(roomId, userId, clientMsgId).sent, String(position), 'PX', SENT_TTL_MS);
  }

  /** The message could not be stored: a retry may try again at once. */
  async abandoned(roomId: string, userId: string, clientMsgId: string): Promise<void> {
    await this.redis.del(keysOf(roomId, userId, clientMsgId).sent);
  }
}

function keysOf(roomId: string, userId: string, clientMsgId: string) {
  const tag = `{${roomId}}`;
  return {
    user: `danmaku:rate:${tag}:user:${userId}`,
    room: `danmaku:rate:${tag}:room`,
    sent: `danmaku:sent:${tag}:${userId}:${clientMsgId}`,
  };
}
