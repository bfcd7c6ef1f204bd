import { Body, Controller, Get, type INestApplication, Module, Param, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DomainError, NotFoundError } from '@ovation/errors';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { Writable } from 'node:stream';
import { servePublicHttp } from './public-http';

class ThingBody {
  @IsString() @MaxLength(20) title!: string;
  @IsOptional() @IsString() note?: string;
}

@Controller('things')
class ThingsController {
  @Post()
  create(@Body() body: ThingBody): ThingBody {
    return body;
  }

  @Get(':id')
  get(@Param('id') id: string): never {
    if (id === 'boom') throw new Error('database password is hunter2');
    if (id === 'busy') throw new DomainError('unavailable', 'the things store is unavailable');
    throw new NotFoundError('thing', id);
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

// The shared rules wired the way runService wires them, answering real HTTP.
describe('servePublicHttp', () => {
  let app: INestApplication;
  let base: string;
  const logged: { level: number; msg: string; err?: { stack?: string }; status?: number }[] = [];

  beforeAll(async () => {
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => void (logged.push(JSON.parse(chunk.toString())), done()) });
    app = await NestFactory.create<NestExpressApplication>(ThingsModule, { logger: false, bodyParser: false });
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }));
    servePublicHttp(app as NestExpressApplication, { logger: pino(sink), jsonBody: { maxBytes: 65_536, maxDepth: 8 } });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(() => app.close());

  async function call(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Answer> {
    const response = await fetch(`${base}${path}`, { method, body, headers: body === undefined ? {} : headers });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }
  const post = (body: string | Buffer, headers?: Record<string, string>) => call('POST', '/things', body, headers);
  const shape = (code: string, field?: string) => ({ error: { code, message: expect.any(String), ...(field ? { field } : {}) } });

  it('accepts a JSON object within the limits', async () => {
    const answer = await post(JSON.stringify({ title: 'ok 😀' }));
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ title: 'ok 😀' });
    expect(answer.headers.get('x-powered-by')).toBeNull();
  });

  it('answers an unknown path with 404, and a known path asked with another method with 405 and Allow', async () => {
    const unknown = await call('GET', '/nope');
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: 'no route GET /nope' } } });
    expect(unknown.headers.get('x-powered-by')).toBeNull();
    const wrongMethod = await call('DELETE', '/things');
    expect(wrongMethod).toMatchObject({ status: 405, body: shape('method_not_allowed') });
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect((await call('PUT', '/things/7')).headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses a body over the limit with 413', async () => {
    expect(await post(JSON.stringify({ title: 'x', note: 'n'.repeat(70_000) }))).toMatchObject({ status: 413, body: shape('payload_too_large') });
  });

  it('refuses what is not JSON with 415, not with a field error', async () => {
    expect(await post('title=x', { 'content-type': 'text/plain' })).toMatchObject({ status: 415, body: shape('unsupported_media_type') });
    expect(await post('title=x', { 'content-type': 'application/x-www-form-urlencoded' })).toMatchObject({ status: 415 });
    expect(await post('{"title":"x"}', {})).toMatchObject({ status: 415 });
    expect(await post('{"title":"x"}', { 'content-type': 'application/json; charset=latin1' })).toMatchObject({ status: 415 });
    expect(await post(gzipSync('{"title":"x"}'), { 'content-type': 'application/json', 'content-encoding': 'gzip' })).toMatchObject({ status: 415 });
  });

  it('refuses malformed JSON, bodies that are not objects and bytes that are not UTF-8 with 400 invalid_json', async () => {
    for (const body of ['{bad', '[]', '"title"', 'null', Buffer.from('{"title":"\xff"}', 'latin1')]) {
      expect(await post(body)).toMatchObject({ status: 400, body: shape('invalid_json') });
    }
  });

  it('bounds the nesting: 20,000 levels are a 400 naming the top-level field, not a stack overflow', async () => {
    const deep = (levels: number) => `{"title":"x","note":${'['.repeat(levels)}${']'.repeat(levels)}}`;
    // Within the bound, the body reaches validation (which refuses an array for a string).
    expect(await post(deep(7))).toMatchObject({ status: 400, body: { error: { code: 'invalid_argument' } } });
    expect(await post(deep(8))).toMatchObject({ status: 400, body: shape('json_too_deep', 'note') });
    expect(await post(deep(20_000))).toMatchObject({ status: 400, body: shape('json_too_deep', 'note') });
  });

  it('refuses a lone surrogate in any string or key with 400 naming the field', async () => {
    expect(await post('{"title":"a\\ud800b"}')).toMatchObject({ status: 400, body: shape('invalid_argument', 'title') });
    expect(await post('{"title":"ok","note":"\\udc00"}')).toMatchObject({ status: 400, body: shape('invalid_argument', 'note') });
    expect(await post('{"title":"ok","x\\ud800":1}')).toMatchObject({ status: 400, body: shape('invalid_argument', 'x\ufffd') });
  });

  it('answers domain errors by kind, and hides and logs anything unexpected as a 500', async () => {
    expect(await call('GET', '/things/7')).toMatchObject({ status: 404, body: { error: { code: 'thing_not_found', message: 'thing 7 does not exist' } } });
    const failed = await call('GET', '/things/boom');
    expect(failed).toEqual({ status: 500, headers: expect.anything(), body: { error: { code: 'internal', message: 'internal error' } } });
    expect(failed.headers.get('cache-control')).toBe('no-store');
  });

  it('logs a 500 as an error with its stack, a 503 (what recovers by itself) as a warning, and a 4xx at info without one', async () => {
    logged.length = 0;
    await call('GET', '/things/boom');
    await call('GET', '/things/busy');
    await post('{"title":"a\\ud800"}');
    await post('x'.repeat(70_000));
    expect(logged.map(({ level, status, err }) => ({ level, status, stack: Boolean(err?.stack) }))).toEqual([
      { level: 50, status: 500, stack: true },
      { level: 40, status: 503, stack: true },
      { level: 30, status: 400, stack: false },
      { level: 30, status: 413, stack: false },
    ]);
  });
});
