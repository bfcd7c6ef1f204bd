/** What a client asked for, whatever the encoding it arrived in. */
export type ClientCommand =
  | { type: 'hello'; token: string; client: string; lastPosition: number }
  | { type: 'chat'; clientMsgId: string; text: string }
  | { type: 'like'; count: number }
  | { type: 'resume'; lastPosition: number; roomId: string }
  | { type: 'ping'; clientTimeMs: number };

/**
 * A frame that did not make sense. `undecodable`: not a JSON object (or not a ClientFrame) at
 * all, which ends the socket (4002); otherwise a frame of the right form with a bad field or an
 * unknown type, which costs the viewer only that frame. A chat frame with a bad shape names its
 * client message id (as a string; '' when it had none) so the client is nacked `invalid`.
 */
export interface BadFrame {
  message: string;
  undecodable?: true;
  chatClientMsgId?: string;
}

export type ParsedFrame = { ok: true; command: ClientCommand } | ({ ok: false } & BadFrame);

export const LIKE_COUNT_MAX = 100;
