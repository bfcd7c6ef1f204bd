import { BadRequestException, HttpException, HttpStatus, PayloadTooLargeException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { isUtf8 } from 'node:buffer';
import { errorBody } from './error-body';
import { inspectJsonDocument } from './json-document';

/** What a JSON request body may be. */
export interface JsonBodyLimits {
  /** Bytes on the wire; a longer body is a 413. */
  maxBytes: number;
  /** Objects and arrays inside one another; deeper is a 400. */
  maxDepth: number;
}

/**
 * Reads request bodies as JSON, and only JSON: any other media type is a 415, a body over
 * `maxBytes` a 413, compressed bodies a 415 (nothing is inflated), and a body that is not UTF-8
 * JSON, not an object, nested past `maxDepth` or holding a string that is not well-formed Unicode
 * a 400. Every refusal is in the one error shape. Install after CORS, so refusals carry its headers.
 */
export function acceptJsonBodies(app: NestExpressApplication, limits: JsonBodyLimits): void {
  app.useBodyParser('raw', { type: isJsonRequest, limit: limits.maxBytes, inflate: false });
  app.use((error: unknown, _request: Request, _response: Response, next: NextFunction) => next(readFailure(error, limits)));
  app.use((request: Request, _response: Response, next: NextFunction) => {
    try {
      if (Buffer.isBuffer(request.body)) request.body = parseJsonDocument(request, request.body, limits.maxDepth);
      else if (hasBody(request)) throw unsupportedMediaType(`${mediaTypeOf(request) || 'a body without a content type'} is not accepted; send application/json`);
      next();
    } catch (error) {
      next(error);
    }
  });
}

function isJsonRequest(request: Request): boolean {
  const type = mediaTypeOf(request);
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

function mediaTypeOf(request: Request): string {
  return (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

function hasBody(request: Request): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}

function parseJsonDocument(request: Request, bytes: Buffer, maxDepth: number): unknown {
  if (bytes.length === 0) return undefined;
  const charset = /;\s*charset="?([^";]+)"?/i.exec(request.headers['content-type'] ?? '')?.[1].toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') throw unsupportedMediaType(`charset ${charset} is not accepted; JSON is UTF-8`);
  if (!isUtf8(bytes)) throw invalidJson('the body is not valid UTF-8');
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw invalidJson(`the body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw invalidJson('the body must be a JSON object');
  const found = inspectJsonDocument(document, maxDepth);
  if (found?.problem === 'too_deep') throw new BadRequestException(errorBody('json_too_deep', `the body nests objects and arrays deeper than ${maxDepth} levels`, found.field));
  if (found) throw new BadRequestException(errorBody('invalid_argument', `${found.field ?? 'the body'} is not well-formed Unicode (a lone surrogate)`, found.field));
  return document;
}

/** The body reader's refusals, in the one shape; anything else is passed on as it is. */
function readFailure(error: unknown, limits: JsonBodyLimits): unknown {
  switch ((error as { type?: unknown } | null)?.type) {
    case 'entity.too.large':
      return new PayloadTooLargeException(errorBody('payload_too_large', `the body is over ${limits.maxBytes} bytes`));
    case 'encoding.unsupported':
      return unsupportedMediaType('compressed bodies are not accepted; send the body without Content-Encoding');
    case 'request.aborted':
    case 'request.size.invalid':
      return invalidJson('the body ended before its Content-Length');
    default:
      return error;
  }
}

function invalidJson(message: string): HttpException {
  return new BadRequestException(errorBody('invalid_json', message));
}

function unsupportedMediaType(message: string): HttpException {
  return new HttpException(errorBody('unsupported_media_type', message), HttpStatus.UNSUPPORTED_MEDIA_TYPE);
}
