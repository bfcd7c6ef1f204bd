// The danmaku WebSocket protocol's JSON frames (docs/protocol.md), as the client sends and reads them.

export interface ChatPayload {
  messageId?: string;
  clientMsgId?: string;
  userId?: string;
  displayName?: string;
  text?: string;
  role?: string;
}
export interface LikePayload {
  userId?: string;
  count?: number;
}
export interface GiftPayload {
  orderId?: string;
  senderId?: string;
  senderName?: string;
  giftId?: string;
  giftName?: string;
  count?: number;
  combo?: number;
  totalValue?: string;
  tier?: string;
}
export interface OnlinePayload {
  connections?: number;
  uniqueUsers?: number;
}
export interface StatePayload {
  from?: string;
  to?: string;
  reason?: string;
}
export interface SystemPayload {
  level?: string;
  text?: string;
}

interface EventBase<T extends string, P> {
  type: T;
  position: string;
  atMs: number;
  payload: P;
}
export type RoomEvent =
  | EventBase<'chat', ChatPayload>
  | EventBase<'like', LikePayload>
  | EventBase<'gift', GiftPayload>
  | EventBase<'online', OnlinePayload>
  | EventBase<'state', StatePayload>
  | EventBase<'system', SystemPayload>;

export type NackReason =
  | 'empty'
  | 'too_long'
  | 'invalid'
  | 'rate_limited'
  | 'muted'
  | 'banned'
  | 'filtered'
  | 'room_not_live'
  | 'unauthenticated'
  | 'unavailable';

export type ServerFrame =
  | { type: 'welcome'; connectionId: string; nodeId: string; roomId: string; userId?: string; heartbeatIntervalMs: number; headPosition: string }
  | { type: 'events'; replay?: boolean; droppedChat?: number; events: RoomEvent[] }
  | { type: 'ack'; clientMsgId: string; messageId: string; position: string }
  | { type: 'nack'; clientMsgId: string; reason: NackReason; retryAfterMs?: number }
  | { type: 'pong'; clientTimeMs: number; serverTimeMs: number }
  | { type: 'reconnect'; reason: string; afterMs: number }
  | { type: 'error'; code: string; message: string };

export type ClientFrame =
  | { type: 'chat'; clientMsgId: string; text: string }
  | { type: 'like'; count: number }
  | { type: 'ping'; clientTimeMs: number };

/** Close codes after which reconnecting cannot help (docs/protocol.md). */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([4003]);

export function parseServerFrame(data: string): ServerFrame | undefined {
  try {
    const frame = JSON.parse(data) as ServerFrame;
    return typeof frame?.type === 'string' ? frame : undefined;
  } catch {
    return undefined;
  }
}
