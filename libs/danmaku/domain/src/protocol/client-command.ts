/** What a client asked for, whatever the encoding it arrived in. */
export type ClientCommand =
  | { type: 'hello'; token: string; client: string; lastPosition: number }
  | { type: 'chat'; clientMsgId: string; text: string }
  | { type: 'like'; count: number }
  | { type: 'resume'; lastPosition: number; roomId: string }
  | { type: 'ping'; clientTimeMs: number };

/**
 * A frame that did not make sense. A chat frame with a bad shape still names its client
 * message id (when it had a usable one) so the client can be nacked rather than cut off.
 */
export interface BadFrame {
  message: string;
  chatClientMsgId?: string;
}

export type ParsedFrame = { ok: true; command: ClientCommand } | ({ ok: false } & BadFrame);

export const LIKE_COUNT_MAX = 100;
