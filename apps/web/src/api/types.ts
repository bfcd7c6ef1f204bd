// The gateway's answers as the client reads them (docs/api.md; GET /openapi.json is the truth).

export type Role = 'guest' | 'viewer' | 'streamer' | 'admin';
export const SIGNED_IN_ROLES: readonly Role[] = ['viewer', 'streamer', 'admin'];

export interface Room {
  id: string;
  ownerId: string;
  title: string;
  category: string;
  /** The latest frame of a live stream when there is one, else the cover; may be empty. */
  coverUrl: string;
  status: 'created' | 'live' | 'ended' | 'unknown';
  onlineCount: number;
  createdAt: string;
  liveAt: string | null;
  endedAt: string | null;
}

export interface RoomPage {
  items: Room[];
  nextCursor: string | null;
}

export interface PlaybackUrls {
  hls: string;
  flv: string;
  expiresAt: string;
}

export interface JoinInfo {
  room: Room;
  pushUrl: string;
  pushNodeId: string;
  joinToken: string;
  joinTokenExpiresAt: string;
  playback: PlaybackUrls;
}

export interface PublishInfo {
  rtmpUrl: string;
  streamKey: string;
  publishUrl: string;
  ingestNode: string;
}

export interface Token {
  token: string;
  expiresAt: string;
  userId?: string;
}

export interface Moderation {
  admins: string[];
  mutes: { userId: string; muteUntil: string | null; reason: string; byUserId: string }[];
  bans: { userId: string; reason: string; byUserId: string; bannedAt: string }[];
}

export interface Gift {
  id: string;
  name: string;
  /** Minor units (coins), as a decimal string: money never passes through a float on the wire. */
  price: string;
  iconUrl: string;
  comboAble: boolean;
}

export interface SentGift {
  orderId: string;
  /** Minor units, decimal string. */
  balance: string;
  duplicate: boolean;
}

export interface LeaderboardEntry {
  rank: number;
  userId: string;
  displayName: string;
  /** Minor units, decimal string. */
  totalValue: string;
}

export interface ReplayMessage {
  id: string;
  userId: string;
  displayName: string;
  text: string;
  role: string;
  /** Milliseconds from the start of the live session. */
  offsetMs: number;
  position: string;
  sentAt: string;
}

export interface DanmakuReplayPage {
  streamStartedAt: number | null;
  items: ReplayMessage[];
  nextCursor: string | null;
}

/** Playback's replay document (GET /vod/{recordingId} with a signed query). */
export interface ReplayDocument {
  recordingId: string;
  roomId: string;
  startedAtMs: number;
  endedAtMs: number;
  durationMs: number;
  video: { hls: string };
  /** `url` is the gateway's danmaku replay for the recording's window; a message shows `offsetMs - from` into the video. */
  danmaku: { url: string; from: number; to: number };
}
