import { createTokenIssuer, createTokenVerifier } from '@ovation/auth';
import { verifyPlaybackGrant } from '@ovation/media-domain';
import { startTestFleet, TestFleet, testSecrets, waitFor } from '@ovation/testing';
import { SignJWT } from 'jose';
import { Api, apiClient, devToken, guestToken } from './api-client';
import { discoveryEnvOf } from './discovery';
import { heartbeat, ingestNode, pushNode, reportViewers, startStreams } from './fleet-fixtures';

// The public API against the real gateway, room and scheduler (MariaDB, Redis, Kafka underneath).
const PUSH_URL = 'ws://push-a.test:8090/ws';
const INGEST_RTMP = 'rtmp://ingest-a.test:1935/live';

describe('gateway API', () => {
  let fleet: TestFleet;
  let api: Api;
  const tokens: Record<string, string> = {};
  let guestId: string;

  beforeAll(async () => {
    fleet = await startTestFleet({
      portOffset: 4000,
      only: ['gateway', 'room', 'scheduler'],
      serviceEnv: { scheduler: { NODE_TTL_MS: '600000' }, room: { ONLINE_COUNT_INTERVAL_MS: '500' } },
    });
    api = apiClient(fleet.url('gateway', 'HTTP_PORT'));
    for (const [name, role] of [
      ['viewer', 'viewer'],
      ['owner', 'streamer'],
      ['other', 'streamer'],
      ['admin', 'admin'],
    ] as const) {
      tokens[name] = await devToken(api, `u-${name}`, role);
    }
    const guest = await guestToken(api);
    tokens.guest = guest.token;
    guestId = guest.userId;
    await heartbeat(fleet, [pushNode('push-a', PUSH_URL), ingestNode('ingest-a', INGEST_RTMP)]);
  }, 180_000);

  afterAll(() => fleet?.stop(), 60_000);

  const createRoom = async (title = 'a room', extra: object = {}): Promise<string> => {
    const created = await api('POST', '/v1/rooms', { token: tokens.owner, body: { title, ...extra } });
    expect(created.status).toBe(201);
    return created.body.id;
  };

  describe('OpenAPI', () => {
    it('documents every endpoint with its error responses in the one error shape', async () => {
      const document = (await (await fetch(`${fleet.url('gateway', 'HTTP_PORT')}/openapi.json`)).json()) as {
        paths: Record<string, Record<string, { requestBody?: object; responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>;
      };
      const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ at: `${method.toUpperCase()} ${path}`, op })));
      expect(operations.map((o) => o.at)).toEqual(
        expect.arrayContaining([
          'POST /v1/auth/guest',
          'POST /v1/dev/tokens',
          'GET /v1/rooms',
          'POST /v1/rooms',
          'GET /v1/rooms/{id}',
          'PATCH /v1/rooms/{id}',
          'POST /v1/rooms/{id}/end',
          'GET /v1/rooms/{id}/publish',
          'POST /v1/rooms/{id}/stream-key/rotate',
          'POST /v1/rooms/{id}/join',
          'GET /v1/rooms/{id}/moderation',
          'POST /v1/rooms/{id}/moderation/mutes',
          'DELETE /v1/rooms/{id}/moderation/mutes/{userId}',
          'POST /v1/rooms/{id}/moderation/bans',
          'DELETE /v1/rooms/{id}/moderation/bans/{userId}',
          'POST /v1/rooms/{id}/moderation/admins',
          'DELETE /v1/rooms/{id}/moderation/admins/{userId}',
          'GET /v1/rooms/{id}/sensitive-words',
          'PUT /v1/rooms/{id}/sensitive-words',
          'PATCH /v1/rooms/{id}/sensitive-words',
          'GET /v1/admin/sensitive-words',
          'PUT /v1/admin/sensitive-words',
          'PATCH /v1/admin/sensitive-words',
        ]),
      );
      for (const { at, op } of operations) {
        const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
        const always = op.requestBody ? ['413', '415', '429', '503'] : ['429', '503'];
        expect({ at, statuses: errors.map(([s]) => s) }).toEqual({ at, statuses: expect.arrayContaining(always) });
        for (const [, response] of errors) expect(response.content?.['application/json'].schema.$ref).toBe('#/components/schemas/ErrorResponse');
      }
      const docs = await fetch(`${fleet.url('gateway', 'HTTP_PORT')}/docs`);
      expect(docs.status).toBe(200);
    });
  });

  describe('authorization matrix', () => {
    type Actor = 'anonymous' | 'guest' | 'viewer' | 'owner' | 'other' | 'admin' | 'roomAdmin';
    interface Endpoint {
      name: string;
      call: (roomId: string, token?: string) => ReturnType<Api>;
      expected: Record<Actor, number>;
    }
    const token = (actor: Actor) => (actor === 'anonymous' ? undefined : actor === 'roomAdmin' ? tokens.viewer : tokens[actor]);
    const endpoints: Endpoint[] = [
      {
        name: 'create a room',
        call: (_id, t) => api('POST', '/v1/rooms', { token: t, body: { title: 'mine' } }),
        expected: { anonymous: 401, guest: 403, viewer: 403, roomAdmin: 403, other: 201, owner: 201, admin: 201 },
      },
      {
        name: 'get a room',
        call: (id, t) => api('GET', `/v1/rooms/${id}`, { token: t }),
        expected: { anonymous: 200, guest: 200, viewer: 200, roomAdmin: 200, other: 200, owner: 200, admin: 200 },
      },
      {
        name: 'list live rooms',
        call: (_id, t) => api('GET', '/v1/rooms?limit=5', { token: t }),
        expected: { anonymous: 200, guest: 200, viewer: 200, roomAdmin: 200, other: 200, owner: 200, admin: 200 },
      },
      {
        name: 'update a room',
        call: (id, t) => api('PATCH', `/v1/rooms/${id}`, { token: t, body: { title: 'renamed' } }),
        expected: { anonymous: 401, guest: 403, viewer: 403, roomAdmin: 403, other: 403, owner: 200, admin: 200 },
      },
      {
        name: 'end a room',
        call: (id, t) => api('POST', `/v1/rooms/${id}/end`, { token: t }),
        expected: { anonymous: 401, guest: 403, viewer: 403, roomAdmin: 403, other: 403, owner: 200, admin: 200 },
      },
      {
        name: 'see the publish info',
        call: (id, t) => api('GET', `/v1/rooms/${id}/publish`, { token: t }),
        expected: { anonymous: 401, guest: 403, viewer: 403, roomAdmin: 403, other: 403, owner: 200, admin: 403 },
      },
      {
        name: 'rotate the stream key',
        call: (id, t) => api('POST', `/v1/rooms/${id}/stream-key/rotate`, { token: t }),
        expected: { anonymous: 401, guest: 403, viewer: 403, roomAdmin: 403, other: 403, owner: 200, admin: 403 },
      },
      {
        name: 'join',
        call: (id, t) => api('POST', `/v1/rooms/${id}/join`, { token: t }),
        expected: { anonymous: 401, guest: 200, viewer: 200, roomAdmin: 200, other: 200, owner: 200, admin: 200 },
      },
      {
        name: 'list moderation',
        call: (id, t) => api('GET', `/v1/rooms/${id}/moderation`, { token: t }),
        expected: { anonymous: 401, guest: 403, viewer: 403, roomAdmin: 200, other: 403, owner: 200, admin: 200 },
      },
      {
        name: 'mute',
        call: (id, t) => api('POST', `/v1/rooms/${id}/moderation/mutes`, { token: t, body: { userId: 'u-target', durationSeconds: 60 } }),
        expected: { anonymous: 401, guest: 403, viewer: 403, roomAdmin: 200, other: 403, owner: 200, admin: 200 },
      },
      {
        name: 'unmute',
        call: (id, t) => api('DELETE', `/v1/rooms/${id}/moderation/mutes/u-target`, { token: t }),
        expected: { anonymous: 401, guest: 403, viewer: 403, roomAdmin: 204, other: 403, owner: 204, admin: 204 },
      },
      {
        name: 'ban',
        call: (id, t) => api('POST', `/v1/rooms/${id}/moderation/bans`, { token: t, body: { userId: 'u-target' } }),
        expected: { anonymous: 401, guest: 403, viewer: 403, roomAdmin: 204, other: 403, owner: 204, admin: 204 },
      },
      {
        name: 'unban',
        call: (id, t) => api('DELETE', `/v1/rooms/${id}/moderation/bans/u-target`, { token: t }),
        expected: { anonymous: 401, guest: 403, viewer: 403, roomAdmin: 204, other: 403, owner: 204, admin: 204 },
      },
      {
        name: 'appoint a room admin',
        call: (id, t) => api('POST', `/v1/rooms/${id}/moderation/admins`, { token: t, body: { userId: 'u-helper' } }),
        expected: { anonymous: 401, guest: 403, viewer: 403, roomAdmin: 403, other: 403, owner: 204, admin: 204 },
      },
      {
        name: 'remove a room admin',
        call: (id, t) => api('DELETE', `/v1/rooms/${id}/moderation/admins/u-helper`, { token: t }),
        expected: { anonymous: 401, guest: 403, viewer: 403, roomAdmin: 403, other: 403, owner: 204, admin: 204 },
      },
      {
        name: "edit the room's sensitive words",
        call: (id, t) => api('PATCH', `/v1/rooms/${id}/sensitive-words`, { token: t, body: { add: ['matrix'] } }),
        expected: { anonymous: 401, guest: 403, viewer: 403, roomAdmin: 403, other: 403, owner: 200, admin: 200 },
      },
      {
        name: "see the platform's sensitive words",
        call: (_id, t) => api('GET', '/v1/admin/sensitive-words', { token: t }),
        expected: { anonymous: 401, guest: 403, viewer: 403, roomAdmin: 403, other: 403, owner: 403, admin: 200 },
      },
    ];
    const cases = endpoints.flatMap((endpoint) => (Object.entries(endpoint.expected) as [Actor, number][]).map(([actor, status]) => ({ endpoint, actor, status })));

    // Every case gets a fresh room of `owner`, with `viewer` appointed room admin for the roomAdmin column.
    it.each(cases.map((c) => [`${c.actor} may${c.status < 300 ? '' : ' not'} ${c.endpoint.name} (${c.status})`, c]))('%s', async (_title, { endpoint, actor, status }) => {
      const roomId = await createRoom(`matrix ${endpoint.name}`);
      if (actor === 'roomAdmin') {
        expect((await api('POST', `/v1/rooms/${roomId}/moderation/admins`, { token: tokens.owner, body: { userId: 'u-viewer' } })).status).toBe(204);
      }
      const answer = await endpoint.call(roomId, token(actor));
      expect({ status: answer.status, body: answer.status >= 400 ? answer.body : undefined }).toEqual({
        status,
        body: status >= 400 ? { error: { code: expect.any(String), message: expect.any(String) } } : undefined,
      });
    });
  });

  describe('lifecycle', () => {
    it('moves created → ended, refuses to end twice with 409, and refuses joins of an ended room', async () => {
      const roomId = await createRoom('short lived', { category: 'talk' });
      const fetched = await api('GET', `/v1/rooms/${roomId}`);
      expect(fetched.body).toMatchObject({ id: roomId, ownerId: 'u-owner', title: 'short lived', category: 'talk', status: 'created', liveAt: null, endedAt: null });

      const ended = await api('POST', `/v1/rooms/${roomId}/end`, { token: tokens.owner, body: { reason: 'done' } });
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({ status: 'ended', endedAt: expect.any(String) });

      const again = await api('POST', `/v1/rooms/${roomId}/end`, { token: tokens.owner });
      expect(again.status).toBe(409);
      expect(again.body).toEqual({ error: { code: expect.any(String), message: expect.stringContaining('ended') } });

      const join = await api('POST', `/v1/rooms/${roomId}/join`, { token: tokens.viewer });
      expect(join.status).toBe(409);
      expect(join.body.error.code).toBe('room_ended');

      const edit = await api('PATCH', `/v1/rooms/${roomId}`, { token: tokens.owner, body: { title: 'after the end' } });
      expect(edit).toMatchObject({ status: 409, body: { error: { code: 'room_ended' } } });
      expect((await api('GET', `/v1/rooms/${roomId}`)).body.title).toBe('short lived');
    });

    it('answers 404 for a room that does not exist', async () => {
      const missing = await api('GET', '/v1/rooms/00000000-0000-4000-8000-000000000000');
      expect(missing.status).toBe(404);
      expect(missing.body.error).toEqual({ code: 'room_not_found', message: expect.any(String) });
    });

    it('lists live rooms most watched first, a page at a time', async () => {
      const category = `cat-${fleet.namespace}`;
      const rooms = [await createRoom('quiet', { category }), await createRoom('busy', { category }), await createRoom('medium', { category })];
      await startStreams(fleet, rooms);
      await reportViewers(fleet, 'push-a', { [rooms[0]]: 1, [rooms[1]]: 9, [rooms[2]]: 5 });

      const firstPage = await waitFor(
        async () => {
          const page = await api('GET', `/v1/rooms?category=${category}&limit=2`);
          // Each room goes live and gets its count on its own: wait for the whole first page.
          const counts = (page.body.items ?? []).map((r: { onlineCount: number }) => r.onlineCount);
          return counts.length === 2 && counts[0] === 9 && counts[1] === 5 ? page : undefined;
        },
        30_000,
        'the live list to show the three rooms by online count',
      );
      expect(firstPage.body.items.map((r: { title: string }) => r.title)).toEqual(['busy', 'medium']);
      expect(firstPage.body.items.every((r: { status: string }) => r.status === 'live')).toBe(true);
      expect(firstPage.body.nextCursor).toEqual(expect.any(String));

      // The quiet room's count arrives on its own too (the first page does not wait for it).
      const secondPage = await waitFor(
        async () => {
          const page = await api('GET', `/v1/rooms?category=${category}&limit=2&cursor=${firstPage.body.nextCursor}`);
          return page.body.items?.[0]?.onlineCount === 1 ? page : undefined;
        },
        30_000,
        'the quiet room on the second page with its count',
      );
      expect(secondPage.status).toBe(200);
      expect(secondPage.body).toEqual({ items: [expect.objectContaining({ title: 'quiet', onlineCount: 1 })], nextCursor: null });
    }, 60_000);
  });

  describe('validation', () => {
    it.each([
      ['an empty title', 'POST', '/v1/rooms', { title: '' }, 'title'],
      ['a title too long', 'POST', '/v1/rooms', { title: 'x'.repeat(121) }, 'title'],
      ['a cover that is not an http(s) URL', 'POST', '/v1/rooms', { title: 'ok', coverUrl: 'ftp://example.com/a.jpg' }, 'coverUrl'],
      ['an unknown field', 'POST', '/v1/rooms', { title: 'ok', owner: 'someone-else' }, 'owner'],
      ['a bad limit', 'GET', '/v1/rooms?limit=1000', undefined, 'limit'],
      ['a cursor the list never returned', 'GET', '/v1/rooms?cursor=bm90LWEtY3Vyc29y', undefined, 'cursor'],
      ['a room id that is not a UUID', 'GET', '/v1/rooms/42', undefined, 'id'],
    ])('names the field for %s', async (_what, method, path, body, field) => {
      const answer = await api(method, path, { token: tokens.owner, body });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error: { code: 'invalid_argument', message: expect.any(String), field } });
    });

    it('names the field of moderation requests', async () => {
      const roomId = await createRoom();
      const mute = (body: object) => api('POST', `/v1/rooms/${roomId}/moderation/mutes`, { token: tokens.owner, body });
      expect((await mute({ userId: 'u-x', durationSeconds: -1 })).body.error.field).toBe('durationSeconds');
      expect((await mute({ userId: 'u-x', durationSeconds: 1.5 })).body.error.field).toBe('durationSeconds');
      expect((await mute({ userId: 'no spaces please', durationSeconds: 60 })).body.error.field).toBe('userId');
      expect((await mute({ userId: 'u-x' })).body.error.field).toBe('durationSeconds');
      const unmute = await api('DELETE', `/v1/rooms/${roomId}/moderation/mutes/${'x'.repeat(65)}`, { token: tokens.owner });
      expect(unmute.body).toEqual({ error: { code: 'invalid_argument', message: expect.any(String), field: 'userId' } });
    });

    it('refuses a user id not in normalized form wherever one enters, naming the field', async () => {
      const roomId = await createRoom();
      const moderation = `/v1/rooms/${roomId}/moderation`;
      for (const userId of [' alice', 'ali\u200bce', 'alice\u202e', 'Zoe\u0308', '小'.repeat(22)]) {
        const inPath = encodeURIComponent(userId);
        const answers = await Promise.all([
          api('POST', '/v1/dev/tokens', { body: { userId, role: 'viewer' } }),
          api('POST', `${moderation}/mutes`, { token: tokens.owner, body: { userId, durationSeconds: 60 } }),
          api('POST', `${moderation}/bans`, { token: tokens.owner, body: { userId } }),
          api('POST', `${moderation}/admins`, { token: tokens.owner, body: { userId } }),
          api('DELETE', `${moderation}/mutes/${inPath}`, { token: tokens.owner }),
          api('DELETE', `${moderation}/bans/${inPath}`, { token: tokens.owner }),
          api('DELETE', `${moderation}/admins/${inPath}`, { token: tokens.owner }),
          api('POST', `/v1/wallets/${inPath}/recharges`, { token: tokens.admin, body: { amount: '100', idempotencyKey: 'topup-00000001' } }),
        ]);
        for (const answer of answers) {
          expect({ userId, status: answer.status, body: answer.body }).toEqual({ userId, status: 400, body: { error: { code: 'invalid_argument', message: expect.stringMatching(/^userId must /), field: 'userId' } } });
        }
      }
      expect((await api('GET', moderation, { token: tokens.owner })).body).toEqual({ admins: [], mutes: [], bans: [] });
    });

    it('takes every normalized user id a token can carry, so any signed-in user can be moderated', async () => {
      const roomId = await createRoom();
      const moderation = `/v1/rooms/${roomId}/moderation`;
      for (const userId of ['auth0|5f7c8ec7c33c6c004bbafe82', 'Zoë', '小明']) {
        expect((await api('POST', '/v1/dev/tokens', { body: { userId, role: 'viewer' } })).status).toBe(201);
        expect((await api('POST', `${moderation}/mutes`, { token: tokens.owner, body: { userId, durationSeconds: 60 } })).status).toBe(200);
        expect((await api('DELETE', `${moderation}/mutes/${encodeURIComponent(userId)}`, { token: tokens.owner })).status).toBe(204);
      }
    });

    it('answers 401 to a token whose subject is not a normalized user id', async () => {
      const issuer = createTokenIssuer({ hs256Secret: testSecrets.JWT_HS256_SECRET, issuer: 'ovation', audience: 'ovation-api' });
      for (const subject of ['u-owner ', 'u-\u200bowner']) {
        const token = await issuer.issue({ userId: subject, displayName: 'Impostor', role: 'streamer' }, 60);
        const answer = await api('POST', '/v1/rooms', { token, body: { title: 'not mine' } });
        expect({ status: answer.status, body: answer.body }).toEqual({ status: 401, body: { error: { code: 'invalid_token', message: expect.stringMatching(/^token subject must /) } } });
      }
    });

    it('refuses an update that changes nothing', async () => {
      const roomId = await createRoom();
      const answer = await api('PATCH', `/v1/rooms/${roomId}`, { token: tokens.owner, body: {} });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_argument');
    });
  });

  describe('hostile input', () => {
    const raw = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${fleet.url('gateway', 'HTTP_PORT')}${path}`, { method, body, headers });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    };
    const asOwner = (contentType = 'application/json') => ({ authorization: `Bearer ${tokens.owner}`, 'content-type': contentType });
    const shaped = (code: string, field?: string) => ({ error: { code, message: expect.any(String), ...(field ? { field } : {}) } });

    it('answers a body over 100 KB with 413, not 500', async () => {
      const body = JSON.stringify({ title: 'big', category: 'x'.repeat(110 * 1024) });
      expect(await raw('POST', '/v1/rooms', body, asOwner())).toMatchObject({ status: 413, body: shaped('payload_too_large') });
    });

    it('bounds JSON nesting: 20,000 levels are a 400 naming the field, not a stack overflow', async () => {
      const body = `{"title":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
      expect(await raw('POST', '/v1/rooms', body, asOwner())).toMatchObject({ status: 400, body: shaped('json_too_deep', 'title') });
    });

    it('answers a body that is not JSON with 415, not a field error, and malformed JSON with 400', async () => {
      expect(await raw('POST', '/v1/rooms', 'Friday night synthwave', asOwner('text/plain'))).toMatchObject({ status: 415, body: shaped('unsupported_media_type') });
      expect(await raw('POST', '/v1/rooms', 'title=Friday', asOwner('application/x-www-form-urlencoded'))).toMatchObject({ status: 415 });
      expect(await raw('POST', '/v1/rooms', '{"title":', asOwner())).toMatchObject({ status: 400, body: shaped('invalid_json') });
    });

    it('refuses a lone surrogate in a title with 400 naming the field, and stores nothing of it', async () => {
      const roomId = await createRoom('kept as it was');
      expect(await raw('POST', '/v1/rooms', '{"title":"broken \\ud83d title"}', asOwner())).toMatchObject({ status: 400, body: shaped('invalid_argument', 'title') });
      expect(await raw('PATCH', `/v1/rooms/${roomId}`, '{"title":"\\udc00"}', asOwner())).toMatchObject({ status: 400, body: shaped('invalid_argument', 'title') });
      expect((await api('GET', `/v1/rooms/${roomId}`)).body.title).toBe('kept as it was');
    });

    it('refuses API tokens without exp, or expiring further ahead than JWT_MAX_LIFETIME_SECONDS (7 days)', async () => {
      const streamer = { userId: 'u-forever', displayName: 'Forever', role: 'streamer' } as const;
      const issuer = createTokenIssuer({ hs256Secret: testSecrets.JWT_HS256_SECRET, issuer: 'ovation', audience: 'ovation-api' });
      const withoutExp = await new SignJWT({ name: 'Forever', role: 'streamer' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('u-forever')
        .setIssuer('ovation')
        .setAudience('ovation-api')
        .sign(new TextEncoder().encode(testSecrets.JWT_HS256_SECRET));
      const create = (token: string) => api('POST', '/v1/rooms', { token, body: { title: 'forever' } });
      expect(await create(withoutExp)).toMatchObject({ status: 401, body: shaped('invalid_token') });
      expect(await create(await issuer.issue(streamer, 10 * 365 * 86_400))).toMatchObject({ status: 401, body: shaped('invalid_token') });
      expect((await create(await issuer.issue(streamer, 6 * 86_400))).status).toBe(201);
    });

    it('answers unknown routes with 404 and other methods with 405 and Allow, and sends no X-Powered-By on any port', async () => {
      const unknown = await raw('GET', '/v1/nope');
      expect(unknown).toMatchObject({ status: 404, body: shaped('not_found') });
      const wrongMethod = await raw('DELETE', '/v1/rooms');
      expect(wrongMethod).toMatchObject({ status: 405, body: shaped('method_not_allowed') });
      expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD, POST');
      const created = await raw('POST', '/v1/rooms', '{"title":"headers"}', asOwner());
      const ops = await fetch(`${fleet.url('gateway', 'OPS_PORT')}/healthz`);
      for (const headers of [unknown.headers, wrongMethod.headers, created.headers, ops.headers]) expect(headers.get('x-powered-by')).toBeNull();
    });
  });

  describe('publishing', () => {
    it('gives the owner the assigned ingest node and a stream key that rotation replaces', async () => {
      const roomId = await createRoom();
      await heartbeat(fleet, [ingestNode('ingest-a', INGEST_RTMP)]);
      const first = await api('GET', `/v1/rooms/${roomId}/publish`, { token: tokens.owner });
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('no-store');
      expect(first.headers.get('ovation-degraded')).toBeNull();
      expect(first.body).toEqual({ rtmpUrl: INGEST_RTMP, ingestNode: 'ingest-a', streamKey: expect.any(String), publishUrl: `${INGEST_RTMP}/${first.body.streamKey}` });
      expect(first.body.streamKey.length).toBeGreaterThanOrEqual(20);

      const rotated = await api('POST', `/v1/rooms/${roomId}/stream-key/rotate`, { token: tokens.owner });
      expect(rotated.status).toBe(200);
      expect(rotated.body.streamKey).not.toBe(first.body.streamKey);
      const second = await api('GET', `/v1/rooms/${roomId}/publish`, { token: tokens.owner });
      expect(second.body.streamKey).toBe(rotated.body.streamKey);

      // Nobody else ever sees it, not even in the room itself.
      expect(JSON.stringify((await api('GET', `/v1/rooms/${roomId}`, { token: tokens.admin })).body)).not.toContain(rotated.body.streamKey);
    });
  });

  describe('join', () => {
    it('gives a guest the push node, a join token for it and signed playback URLs', async () => {
      const roomId = await createRoom('join me');
      await heartbeat(fleet, [pushNode('push-a', PUSH_URL)]);
      const joined = await api('POST', `/v1/rooms/${roomId}/join`, { token: tokens.guest });
      expect(joined.status).toBe(200);
      expect(joined.headers.get('ovation-degraded')).toBeNull();
      expect(joined.body).toMatchObject({ room: { id: roomId, title: 'join me' }, pushUrl: `${PUSH_URL}?room=${roomId}`, pushNodeId: 'push-a' });

      const verifier = createTokenVerifier({ hs256Secret: testSecrets.JOIN_TOKEN_SECRET, issuer: 'ovation', audience: 'ovation-push' });
      const { principal, claims } = await verifier.verifyWithClaims(joined.body.joinToken);
      expect(principal).toEqual({ userId: guestId, displayName: 'Guest', role: 'guest' });
      expect(claims.room).toBe(roomId);
      expect(claims.exp! - claims.iat!).toBe(120);
      expect(Date.parse(joined.body.joinTokenExpiresAt)).toBeGreaterThan(Date.now());
      // An API token is no join token and the other way round.
      await expect(verifier.verify(tokens.viewer)).rejects.toThrow();

      const playbackBase = discoveryEnvOf(4000).PLAYBACK_PUBLIC_URL;
      const { hls, flv, expiresAt } = joined.body.playback;
      expect(hls.startsWith(`${playbackBase}/live/${roomId}/master.m3u8?`)).toBe(true);
      expect(flv.startsWith(`${playbackBase}/live/${roomId}.flv?`)).toBe(true);
      for (const url of [hls, flv]) {
        expect(verifyPlaybackGrant(roomId, new URL(url).searchParams, testSecrets.PLAYBACK_SIGNING_SECRET)).toBeUndefined();
        expect(verifyPlaybackGrant(roomId, new URL(url).searchParams, 'some-other-secret-of-at-least-32-chars')).toBe('forged');
      }
      expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now() + 3600_000);
    });

    it('carries a signed-in viewer and the room into the join token', async () => {
      const roomId = await createRoom();
      const joined = await api('POST', `/v1/rooms/${roomId}/join`, { token: tokens.viewer });
      const verifier = createTokenVerifier({ hs256Secret: testSecrets.JOIN_TOKEN_SECRET, issuer: 'ovation', audience: 'ovation-push' });
      const { principal, claims } = await verifier.verifyWithClaims(joined.body.joinToken);
      expect(principal).toMatchObject({ userId: 'u-viewer', role: 'viewer' });
      expect(claims.room).toBe(roomId);
    });
  });

  describe('moderation', () => {
    it('round-trips admins, mutes and bans, enforcing who may do what', async () => {
      const roomId = await createRoom('moderated');
      const as = (who: string) => ({
        call: (method: string, path: string, body?: object) => api(method, `/v1/rooms/${roomId}/moderation${path}`, { token: tokens[who], body }),
      });
      const owner = as('owner');
      const helper = as('viewer');

      expect((await helper.call('GET', '')).status).toBe(403);
      expect((await owner.call('POST', '/admins', { userId: 'u-viewer' })).status).toBe(204);

      const before = Date.now();
      const muted = await helper.call('POST', '/mutes', { userId: 'mallory', durationSeconds: 600, reason: 'spam' });
      expect(muted.status).toBe(200);
      expect(muted.body.userId).toBe('mallory');
      expect(Date.parse(muted.body.muteUntil)).toBeGreaterThanOrEqual(before + 600_000 - 1_000);
      expect(Date.parse(muted.body.muteUntil)).toBeLessThanOrEqual(Date.now() + 600_000 + 1_000);
      const forever = await helper.call('POST', '/mutes', { userId: 'eve', durationSeconds: 0 });
      expect(forever.body).toEqual({ userId: 'eve', muteUntil: null });
      expect((await helper.call('POST', '/bans', { userId: 'troll', reason: 'abuse' })).status).toBe(204);
      const bannedJoin = await api('POST', `/v1/rooms/${roomId}/join`, { token: await devToken(api, 'troll', 'viewer') });
      expect(bannedJoin).toMatchObject({ status: 403, body: { error: { code: 'banned' } } });
      // A room admin may not silence the owner.
      expect((await helper.call('POST', '/mutes', { userId: 'u-owner', durationSeconds: 60 })).status).toBe(403);

      const lists = await owner.call('GET', '');
      expect(lists.status).toBe(200);
      expect(lists.body.admins).toEqual(['u-viewer']);
      expect(lists.body.mutes).toEqual(
        expect.arrayContaining([
          { userId: 'mallory', muteUntil: muted.body.muteUntil, reason: 'spam', byUserId: 'u-viewer' },
          { userId: 'eve', muteUntil: null, reason: '', byUserId: 'u-viewer' },
        ]),
      );
      expect(lists.body.bans).toEqual([{ userId: 'troll', reason: 'abuse', byUserId: 'u-viewer', bannedAt: expect.any(String) }]);

      expect((await helper.call('DELETE', '/mutes/mallory')).status).toBe(204);
      expect((await helper.call('DELETE', '/bans/troll')).status).toBe(204);
      expect((await owner.call('DELETE', '/admins/u-viewer')).status).toBe(204);
      expect((await helper.call('GET', '')).status).toBe(403);

      const after = await owner.call('GET', '');
      expect(after.body).toEqual({ admins: [], mutes: [expect.objectContaining({ userId: 'eve' })], bans: [] });
    });
  });
});
