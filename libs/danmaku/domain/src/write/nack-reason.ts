import { danmakuV1 } from '@ovation/contracts';

/** Why a chat message was refused, as the JSON protocol names it (docs/protocol.md). */
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

const P = danmakuV1.NackReason;

const toProto: Record<NackReason, danmakuV1.NackReason> = {
  empty: P.NACK_REASON_EMPTY,
  too_long: P.NACK_REASON_TOO_LONG,
  invalid: P.NACK_REASON_INVALID,
  rate_limited: P.NACK_REASON_RATE_LIMITED,
  muted: P.NACK_REASON_MUTED,
  banned: P.NACK_REASON_BANNED,
  filtered: P.NACK_REASON_BLOCKED_CONTENT,
  room_not_live: P.NACK_REASON_ROOM_NOT_LIVE,
  unauthenticated: P.NACK_REASON_UNAUTHENTICATED,
  unavailable: P.NACK_REASON_UNAVAILABLE,
};

const fromProto = new Map(Object.entries(toProto).map(([reason, proto]) => [proto, reason as NackReason]));

export const NACK_REASONS = Object.keys(toProto) as NackReason[];

export function nackReasonToProto(reason: NackReason): danmakuV1.NackReason {
  return toProto[reason];
}

/** The JSON name of a proto reason; undefined for UNSPECIFIED and unknown values. */
export function nackReasonFromProto(reason: danmakuV1.NackReason): NackReason | undefined {
  return fromProto.get(reason);
}
