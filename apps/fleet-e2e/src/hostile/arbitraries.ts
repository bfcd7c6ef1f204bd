import fc from 'fast-check';

/** Strings an attacker sends where an id, a name or a number belongs. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  // Any code point, lone surrogates and controls included.
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '..',
    '../../../etc/passwd',
    'a.b',
    '%00',
    '\u0000',
    '\u202eevil',
    'ad\u200bmin',
    'ＡＤＭＩＮ',
    'DEMO',
    '\ud800',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '${jndi:ldap://x}',
    '__proto__',
    'constructor',
    'a'.repeat(5000),
    '😀'.repeat(300),
    'e\u0301'.repeat(100),
    '-1',
    '1e309',
    'NaN',
  ),
  fc.uuid(),
);

/** Values of any JSON type, and the edges of each. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constantFrom(null, 0, -1, 2 ** 53, -(2 ** 53), 1e308, [], {}),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

export interface RawBody {
  contentType: string | undefined;
  text: string;
}

const json = (value: unknown): RawBody => ({ contentType: 'application/json', text: JSON.stringify(value) });

/** Bodies for an operation that takes `properties`: its own fields made hostile, and worse. */
export function hostileBody(properties: string[]): fc.Arbitrary<RawBody> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record(Object.fromEntries(properties.map((p) => [p, hostileValue])), { requiredKeys: [] }).map(json) },
    { weight: 1, arbitrary: fc.jsonValue().map(json) },
    { weight: 1, arbitrary: fc.integer({ min: 33, max: 20_000 }).map((depth) => ({ contentType: 'application/json', text: `${'['.repeat(depth)}${']'.repeat(depth)}` })) },
    { weight: 1, arbitrary: fc.constantFrom(200_000, 2_000_000).map((size) => json({ [properties[0] ?? 'x']: 'x'.repeat(size) })) },
    { weight: 1, arbitrary: fc.string().map((text) => ({ contentType: 'application/json', text: `{${text}` })) },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data; boundary=x', 'application/xml').map((contentType) => ({ contentType, text: '{"title":"x"}' })) },
    { weight: 1, arbitrary: fc.constant<RawBody>({ contentType: undefined, text: '{"title":"x"}' }) },
    { weight: 1, arbitrary: fc.constantFrom('{"__proto__":{"role":"admin"}}', '{"constructor":{"prototype":{"admin":true}}}', '{"title":"a","title":"b"}', '{"title":"\\ud800"}').map((text) => ({ contentType: 'application/json', text })) },
  );
}

/** Percent-encodes every byte of the UTF-8 form (a lone surrogate becomes U+FFFD's bytes, as a client library would send it). */
export function encodeSegment(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((byte) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** One client → server WebSocket frame of the danmaku protocol, well-formed or not. */
export const hostileFrame: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constantFrom('chat', 'like', 'resume', 'ping', 'hello', 'gift', 'admin', ''), clientMsgId: hostileValue, text: hostileValue, count: hostileValue, lastPosition: hostileValue, room: hostileValue, token: hostileValue, clientTimeMs: hostileValue }, { requiredKeys: ['type'] }).map((frame) => JSON.stringify(frame)) },
  { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
  { weight: 1, arbitrary: fc.constantFrom(`{"type":"chat","clientMsgId":"big","text":"${'x'.repeat(70_000)}"}`, `{"type":"like","count":2147483647}`, `{"type":"resume","lastPosition":"-1"}`, `{"type":"resume","lastPosition":"99999999999999999999999"}`) },
);
