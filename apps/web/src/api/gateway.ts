// Every gateway endpoint the client uses, in one place (docs/api.md, GET /openapi.json).
import type { Http } from './http';
import type {
  DanmakuReplayPage,
  Gift,
  JoinInfo,
  LeaderboardEntry,
  Moderation,
  PublishInfo,
  ReplayDocument,
  Role,
  Room,
  RoomPage,
  SentGift,
  Token,
} from './types';

const room = (id: string) => `/v1/rooms/${encodeURIComponent(id)}`;

export function gatewayApi(http: Http) {
  return {
    devToken: (userId: string, displayName: string, role: Role) =>
      http<Token>('/v1/dev/tokens', { body: { userId, displayName, role, ttlSeconds: 86400 } }),
    guestToken: () => http<Token>('/v1/auth/guest', { body: {} }),

    liveRooms: (limit = 40) => http<RoomPage>(`/v1/rooms?limit=${limit}`),
    room: (id: string) => http<Room>(room(id)),
    createRoom: (token: string, title: string, category: string) => http<Room>('/v1/rooms', { token, body: { title, category } }),
    endRoom: (token: string, id: string) => http<Room>(`${room(id)}/end`, { token, body: {} }),
    join: (token: string, id: string) => http<JoinInfo>(`${room(id)}/join`, { token, method: 'POST' }),
    publishInfo: (token: string, id: string) => http<PublishInfo>(`${room(id)}/publish`, { token }),
    rotateStreamKey: (token: string, id: string) => http<{ streamKey: string }>(`${room(id)}/stream-key/rotate`, { token, method: 'POST' }),

    moderation: (token: string, id: string) => http<Moderation>(`${room(id)}/moderation`, { token }),
    mute: (token: string, id: string, userId: string, durationSeconds: number, reason = '') =>
      http<{ userId: string; muteUntil: string | null }>(`${room(id)}/moderation/mutes`, { token, body: { userId, durationSeconds, ...(reason ? { reason } : {}) } }),
    unmute: (token: string, id: string, userId: string) => http<void>(`${room(id)}/moderation/mutes/${encodeURIComponent(userId)}`, { token, method: 'DELETE' }),
    ban: (token: string, id: string, userId: string) => http<void>(`${room(id)}/moderation/bans`, { token, body: { userId } }),
    unban: (token: string, id: string, userId: string) => http<void>(`${room(id)}/moderation/bans/${encodeURIComponent(userId)}`, { token, method: 'DELETE' }),

    gifts: () => http<{ gifts: Gift[] }>('/v1/gifts').then((answer) => answer.gifts),
    wallet: (token: string) => http<{ balance: string }>('/v1/wallets/me', { token }),
    sendGift: (token: string, id: string, giftId: string, count: number, idempotencyKey: string) =>
      http<SentGift>(`${room(id)}/gifts`, { token, body: { giftId, count, idempotencyKey } }),
    leaderboard: (id: string, limit = 10) =>
      http<{ entries: LeaderboardEntry[] }>(`${room(id)}/leaderboard?limit=${limit}`).then((answer) => answer.entries),

    danmakuReplay: (url: string, cursor?: string) => http<DanmakuReplayPage>(cursor ? `${url}&cursor=${encodeURIComponent(cursor)}` : url),
    replayDocument: (url: string) => http<ReplayDocument>(url),
  };
}

export type GatewayApi = ReturnType<typeof gatewayApi>;
