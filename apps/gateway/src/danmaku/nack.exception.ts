import { HttpException } from '@nestjs/common';
import type { danmakuV1 } from '@ovation/contracts';
import { nackReasonFromProto, type NackReason } from '@ovation/danmaku-domain';
import { errorBody } from '@ovation/http';

/** How each refusal of the write path reads over HTTP; the error code is the protocol's nack reason. */
const refusals: Record<NackReason, [status: number, message: string]> = {
  empty: [400, 'text is empty once normalized'],
  too_long: [400, 'text is too long'],
  invalid: [400, 'the message is malformed'],
  unauthenticated: [403, 'guests may watch but not speak'],
  muted: [403, 'you are muted in this room'],
  banned: [403, 'you are banned from this room'],
  room_not_live: [409, 'the room is not live'],
  filtered: [422, 'the text is not allowed'],
  rate_limited: [429, 'too many messages; retry later'],
  unavailable: [503, 'the message could not be stored now; retry with the same clientMsgId'],
};

/** A push node's nack as an HTTP error in the API's shape; 429 and 503 carry Retry-After. */
export class DanmakuNackException extends HttpException {
  readonly retryAfterMs?: number;

  constructor(reason: danmakuV1.NackReason, retryAfterMs: number) {
    const code = nackReasonFromProto(reason);
    const [status, message] = code ? refusals[code] : [500, 'the message was refused for an unknown reason'];
    super(errorBody(code ?? 'internal', message, status === 400 ? 'text' : undefined), status);
    if (retryAfterMs > 0) this.retryAfterMs = retryAfterMs;
  }
}
