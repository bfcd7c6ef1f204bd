import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { announceStreamsStarted, startTestFleet, TestFleet, testSecrets, waitFor } from '@ovation/testing';
import { encodeSegment, hostileBody, hostileFrame, hostileString, RawBody } from './hostile/arbitraries';
import { Operation, operationsOf } from './hostile/openapi-operations';

// A hostile user against the running fleet: generated requests on every REST route the gateway
// documents, generated frames on the push nodes' sockets, garbage on the RTMP port. Every answer
// must be a documented refusal — a 4xx with the error body, an error frame, a documented close
// code, a refused connection — never a 5xx or a crash; afterwards every service is healthy and
// nothing accepted before the attack was lost.
const RUNS_PER_OPERATION = 6;
const WS_CASES = 60;
const RTMP_CASES = 25;
const RTMP_MEDIA_CASES = 8;
// docs/protocol.md, "Error codes and close codes": what a node may close a viewer's socket with. 1009: a frame over the size limit.
const DOCUMENTED_CLOSE_CODES = new Set([1000, 1001, 1009, 4000, 4001, 4002, 4003, 4008, 4009, 4029]);

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

describe('hostile input against the running fleet', () => {
  let fleet: TestFleet;
  let base: string;
  const tokens: Record<string, string> = {};
  let liveRoom: string;
  let victimRoom: string;
  let operations: Operation[];
  const witness: { positions: string[]; orderId?: string; balance?: string } = { positions: [] };
  const cases = { rest: 0, ws: 0, rtmp: 0 };

  const request = async (method: string, path: string, init: { token?: string; body?: RawBody } = {}): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body?.contentType) headers['content-type'] = init.body.contentType;
    const response = await fetch(`${base}${path}`, { method, headers, body: init.body?.text });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: the assertion says so
    }
    return { status: response.status, headers: response.headers, body };
  };
  const api = async <T = any>(method: string, path: string, token?: string, body?: unknown) =>
    (await request(method, path, { token, body: body === undefined ? undefined : { contentType: 'application/json', text: JSON.stringify(body) } })) as Answer & { body: T };
  const devToken = async (userId: string, role: string) => (await api<{ token: string }>('POST', '/v1/dev/tokens', undefined, { userId, role })).body.token;

  /** A refusal as docs/api.md documents it: a 4xx whose body is `{error: {code, message}}`, never a 5xx. */
  const expectDocumentedAnswer = (answer: Answer, what: string) => {
    if (answer.status >= 500) throw new Error(`${what} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    expect(answer.headers.get('x-powered-by')).toBeNull();
    if (answer.status >= 400) {
      if (typeof answer.body?.error?.code !== 'string' || typeof answer.body.error.message !== 'string') throw new Error(`${what} → ${answer.status} without the error body: ${String(answer.body).slice(0, 200)}`);
    }
  };

  beforeAll(async () => {
    // No per-IP limit: every request of this suite comes from 127.0.0.1 (the per-user limits stay on).
    fleet = await startTestFleet({ portOffset: 2100, env: { DEV_RECHARGE_ENABLED: 'true', RATE_LIMIT_PER_IP_PER_MINUTE: '0' } });
    base = fleet.url('gateway', 'HTTP_PORT');
    for (const [name, role] of [['guest', 'guest'], ['viewer', 'viewer'], ['streamer', 'streamer'], ['admin', 'admin']]) tokens[name] = await devToken(`hostile-${name}`, role);
    tokens.witness = await devToken('hostile-witness', 'viewer');
    const owner = await devToken('hostile-owner', 'streamer');
    tokens.noExp = await new SignJWT({ name: 'Forever', role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('forever').setIssuer('ovation').setAudience('ovation-api').sign(new TextEncoder().encode(testSecrets.JWT_HS256_SECRET));
    tokens.expired = await new SignJWT({ name: 'Late', role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('late').setIssuer('ovation').setAudience('ovation-api').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(new TextEncoder().encode(testSecrets.JWT_HS256_SECRET));
    tokens.garbage = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.';

    // The room the attack may not harm (its owner's token is never used by the generators), and a victim room it may.
    liveRoom = (await api<{ id: string }>('POST', '/v1/rooms', owner, { title: 'Under attack' })).body.id;
    victimRoom = (await api<{ id: string }>('POST', '/v1/rooms', tokens.streamer, { title: 'Victim' })).body.id;
    await announceStreamsStarted(fleet.namespace, [liveRoom], fleet.kafkaBrokers);
    await waitFor(async () => ((await api<{ status: string }>('GET', `/v1/rooms/${liveRoom}`)).body.status === 'live' ? true : undefined), 20_000, 'the room to go live');
    operations = operationsOf((await api('GET', '/openapi.json')).body);

    // What must survive: chat acked and a gift paid before the attack.
    const socket = await viewerSocket(tokens.witness);
    for (const clientMsgId of ['w-1', 'w-2', 'w-3']) {
      socket.send(JSON.stringify({ type: 'chat', clientMsgId, text: `witness ${clientMsgId}` }));
      const ack = await waitFor(() => socket.frames.find((f) => f.type === 'ack' && f.clientMsgId === clientMsgId), 10_000, 'the witness ack');
      witness.positions.push(ack.position);
    }
    socket.close();
    await api('POST', '/v1/wallets/hostile-witness/recharges', tokens.witness, { amount: '1000', idempotencyKey: `w-${randomUUID()}` });
    const gift = await api<{ orderId: string; balance: string }>('POST', `/v1/rooms/${liveRoom}/gifts`, tokens.witness, { giftId: 'heart', count: 1, idempotencyKey: `w-${randomUUID()}` });
    expect(gift.status).toBe(200);
    Object.assign(witness, { orderId: gift.body.orderId, balance: gift.body.balance });
  }, 180_000);

  afterAll(async () => {
    console.log(`hostile input: ${cases.rest} REST requests over ${operations?.length} operations, ${cases.ws} socket sessions, ${cases.rtmp} RTMP connections`);
    await fleet?.stop();
  }, 60_000);

  async function viewerSocket(token: string): Promise<WebSocket & { frames: any[]; closed?: { code: number } }> {
    const joined = await api<{ pushUrl: string; joinToken: string }>('POST', `/v1/rooms/${liveRoom}/join`, token);
    const url = new URL(joined.body.pushUrl);
    url.searchParams.set('token', joined.body.joinToken);
    const socket = new WebSocket(url) as WebSocket & { frames: any[]; closed?: { code: number } };
    socket.frames = [];
    socket.on('message', (data, binary) => socket.frames.push(binary ? { binary: true } : JSON.parse(data.toString())));
    socket.on('close', (code) => (socket.closed = { code }));
    socket.on('error', () => undefined);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    await waitFor(() => socket.frames.find((f) => f.type === 'welcome'), 10_000, 'welcome');
    return socket;
  }

  const pathValue = (param: string): fc.Arbitrary<string> =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constant(param === 'userId' ? 'hostile-viewer' : param === 'giftId' ? 'heart' : victimRoom) },
      { weight: 3, arbitrary: hostileString },
    );

  it('answers generated requests on every documented route with a documented status and body, never a 5xx', async () => {
    expect(operations.length).toBeGreaterThan(25);
    for (const operation of operations) {
      const arbitrary = fc.record({
        path: fc.tuple(...operation.pathParams.map(pathValue)).map((values) => operation.pathParams.reduce((path, param, i) => path.replace(`{${param}}`, encodeSegment(values[i])), operation.path)),
        query: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...(operation.queryParams.length ? operation.queryParams : ['x'])), hostileString), hostileString), { maxLength: 3 }),
        body: operation.bodyProperties ? hostileBody(operation.bodyProperties) : fc.constant(undefined),
        token: fc.constantFrom('guest', 'viewer', 'streamer', 'admin', 'noExp', 'expired', 'garbage', undefined),
      });
      await fc.assert(
        fc.asyncProperty(arbitrary, async ({ path, query, body, token }) => {
          const search = query.length ? `?${query.map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join('&')}` : '';
          cases.rest += 1;
          expectDocumentedAnswer(await request(operation.method, `${path}${search}`, { token: token && tokens[token], body }), `${operation.method} ${path}${search}`);
        }),
        { numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      );
    }
  }, 300_000);

  it('answers the reproductions of the security review as documented', async () => {
    expect((await request('POST', '/v1/rooms', { token: tokens.streamer, body: { contentType: 'application/json', text: JSON.stringify({ title: 'x'.repeat(200_000) }) } })).status).toBe(413);
    expect((await request('POST', '/v1/rooms', { token: tokens.streamer, body: { contentType: 'application/json', text: `${'['.repeat(20_000)}${']'.repeat(20_000)}` } })).status).toBe(400);
    expect((await request('GET', '/v1/wallets/me', { token: tokens.noExp })).status).toBe(401);
    expect((await request('GET', '/v1/wallets/me', { token: tokens.expired })).status).toBe(401);
    const playback = fleet.url('playback', 'HTTP_PORT');
    expect((await fetch(`${playback}/thumbnails/a.b.jpg`)).status).toBe(404);
  });

  it('answers generated frames on a viewer’s socket with error frames or a documented close, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileFrame, { minLength: 1, maxLength: 5 }), async (frames) => {
        cases.ws += 1;
        const socket = await viewerSocket(tokens.viewer);
        for (const frame of frames) if (socket.readyState === WebSocket.OPEN) socket.send(frame);
        socket.send(JSON.stringify({ type: 'ping', clientTimeMs: 1 }));
        // A pong (still open) or a close, whichever comes.
        await waitFor(() => socket.closed ?? socket.frames.find((f) => f.type === 'pong'), 10_000, 'a pong or a close');
        if (socket.closed && !DOCUMENTED_CLOSE_CODES.has(socket.closed.code)) throw new Error(`closed with ${socket.closed.code} after ${JSON.stringify(frames).slice(0, 300)}`);
        for (const error of socket.frames.filter((f) => f.type === 'error')) {
          expect(typeof error.code).toBe('string');
          expect(error.code).not.toBe('internal');
        }
        socket.terminate();
      }),
      { numRuns: WS_CASES, endOnFailure: true },
    );
  }, 300_000);

  it('survives garbage on the RTMP port', async () => {
    const port = fleet.byName('ingest').ports.RTMP_PORT;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 8192 }), async (bytes) => {
        cases.rtmp += 1;
        await new Promise<void>((resolve) => {
          const socket = createConnection({ host: '127.0.0.1', port }, () => socket.end(Buffer.from(bytes)));
          socket.on('error', () => resolve()).on('close', () => resolve()).setTimeout(3_000, () => socket.destroy());
          socket.resume();
        });
      }),
      { numRuns: RTMP_CASES },
    );
  }, 120_000);

  it('refuses RTMP publishes and plays with generated keys and paths', async () => {
    const rtmp = `rtmp://127.0.0.1:${fleet.byName('ingest').ports.RTMP_PORT}`;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('live', 'room', '', 'live/..', '%2e%2e'), hostileString, fc.boolean(), async (app, key, play) => {
        cases.rtmp += 1;
        const url = `${rtmp}/${app}/${encodeSegment(key)}`;
        const args = play
          ? ['-v', 'error', '-rw_timeout', '3000000', '-i', url]
          : ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'flv', url];
        const { code } = await run(play ? 'ffprobe' : 'ffmpeg', args, 10_000);
        if (code === 0) throw new Error(`${play ? 'play' : 'publish'} of ${url} was accepted`);
      }),
      { numRuns: RTMP_MEDIA_CASES },
    );
    expect((await fetch(`${fleet.url('ingest', 'OPS_PORT')}/healthz`)).status).toBe(200);
  }, 180_000);

  it('afterwards: every service is healthy, the chat and the money accepted before the attack are all there, and the books balance', async () => {
    for (const running of fleet.running) {
      const ops = fleet.url(running.service.name, 'OPS_PORT');
      expect([running.service.name, (await fetch(`${ops}/healthz`)).status]).toEqual([running.service.name, 200]);
      await waitFor(async () => ((await fetch(`${ops}/readyz`)).status === 200 ? true : undefined), 30_000, `${running.service.name} ready`);
    }
    const socket = await viewerSocket(tokens.witness);
    socket.send(JSON.stringify({ type: 'resume', lastPosition: String(BigInt(witness.positions[0]) - 1n) }));
    await waitFor(() => witness.positions.every((position) => socket.frames.some((f) => f.type === 'events' && f.events.some((e: { position: string }) => e.position === position))) || undefined, 15_000, 'every witness chat in the history');
    socket.close();
    expect((await api<{ balance: string }>('GET', '/v1/wallets/me', tokens.witness)).body.balance).toBe(witness.balance);
    const books = await api<{ clean: boolean; ledgerTotal: string }>('POST', '/v1/admin/reconciliation?graceMs=0', tokens.admin);
    expect(books.body).toMatchObject({ clean: true, ledgerTotal: '0' });
    expect(cases.rest + cases.ws + cases.rtmp).toBeGreaterThan(200);
  }, 120_000);
});

/** Runs a media tool to its end (killed after `timeoutMs`); its exit code. */
function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code });
    });
  });
}
