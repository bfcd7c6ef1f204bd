import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponse } from './error-response.dto';

type ClientErrorStatus = 400 | 401 | 403 | 404 | 409;

const defaults: Record<ClientErrorStatus, string> = {
  400: 'A field is invalid; `field` names it',
  401: 'Missing, invalid or expired bearer token',
  403: 'The caller may not do this',
  404: 'No such room',
  409: 'The room is not in a state that allows this',
};

const retryAfter = { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } } };

/**
 * Documents an endpoint's error responses in the one error shape: the statuses given (a string
 * overrides the default description), plus the 429 and 503 every endpoint may answer.
 */
export function ApiErrors(errors: Partial<Record<ClientErrorStatus, string | true>>): MethodDecorator {
  const specific = (Object.entries(errors) as [string, string | true][]).map(([status, description]) =>
    ApiResponse({ status: Number(status), type: ErrorResponse, description: description === true ? defaults[Number(status) as ClientErrorStatus] : description }),
  );
  return applyDecorators(
    ...specific,
    ApiResponse({ status: 429, type: ErrorResponse, description: 'Rate limited (per IP or per user)', headers: retryAfter }),
    ApiResponse({ status: 503, type: ErrorResponse, description: 'A service behind the gateway is down or its circuit is open', headers: retryAfter }),
  );
}
