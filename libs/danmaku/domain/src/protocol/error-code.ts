import { danmakuV1 } from '@ovation/contracts';

/** The `error` frame's codes, as the JSON protocol names them. */
export type ErrorCode =
  | 'unauthenticated'
  | 'bad_frame'
  | 'resume_gap_too_old'
  | 'slow_consumer'
  | 'internal'
  | 'banned'
  | 'heartbeat_timeout'
  | 'rate_limited';

const P = danmakuV1.ErrorCode;

const toProto: Record<ErrorCode, danmakuV1.ErrorCode> = {
  unauthenticated: P.ERROR_CODE_UNAUTHENTICATED,
  bad_frame: P.ERROR_CODE_BAD_FRAME,
  resume_gap_too_old: P.ERROR_CODE_RESUME_GAP_TOO_OLD,
  slow_consumer: P.ERROR_CODE_SLOW_CONSUMER,
  internal: P.ERROR_CODE_INTERNAL,
  banned: P.ERROR_CODE_BANNED,
  heartbeat_timeout: P.ERROR_CODE_HEARTBEAT_TIMEOUT,
  rate_limited: P.ERROR_CODE_RATE_LIMITED,
};

const fromProto = new Map(Object.entries(toProto).map(([code, proto]) => [proto, code as ErrorCode]));

export function errorCodeToProto(code: ErrorCode): danmakuV1.ErrorCode {
  return toProto[code];
}

export function errorCodeFromProto(code: danmakuV1.ErrorCode): ErrorCode | undefined {
  return fromProto.get(code);
}
