import { HttpException, HttpStatus } from '@nestjs/common';
import { errorBody } from '@ovation/http';

export type RateLimitScope = 'ip' | 'user';

/** 429 in the API's error shape; the exception filter turns retryAfterSeconds into Retry-After. */
export class RateLimitedException extends HttpException {
  constructor(
    readonly scope: RateLimitScope,
    readonly retryAfterSeconds: number,
  ) {
    super(errorBody('rate_limited', `too many requests from this ${scope === 'ip' ? 'address' : 'user'}; retry in ${retryAfterSeconds} s`), HttpStatus.TOO_MANY_REQUESTS);
  }
}
