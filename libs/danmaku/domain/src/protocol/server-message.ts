import type { NackReason } from '../write/nack-reason';
import type { StreamEvent } from '../stream/stream-event';
import type { ErrorCode } from './error-code';

/** What a server tells a client, whatever the encoding it travels in. */
export type ServerMessage =
  | {
      type: 'welcome';
      connectionId: string;
      nodeId: string;
      roomId: string;
      userId: string;
      heartbeatIntervalMs: number;
      headPosition: number;
    }
  | EventsMessage
  | { type: 'ack'; clientMsgId: string; messageId: string; position: number }
  | { type: 'nack'; clientMsgId: string; reason: NackReason; retryAfterMs: number }
  | { type: 'pong'; clientTimeMs: number; serverTimeMs: number }
  | { type: 'reconnect'; reason: string; afterMs: number }
  /** `retryAfterMs` only with `rate_limited`: when the refused kind of frame would be served. */
  | { type: 'error'; code: ErrorCode; message: string; retryAfterMs?: number };

export interface EventsMessage {
  type: 'events';
  events: StreamEvent[];
  replay: boolean;
  droppedChat: number;
}
