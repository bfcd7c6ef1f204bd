/** How frames travel on one socket: JSON text frames, or protobuf ClientFrame/ServerFrame binary frames. */
export type Encoding = 'json' | 'binary';

export const SUBPROTOCOLS: Record<Encoding, string> = {
  json: 'ovation.danmaku.v1.json',
  binary: 'ovation.danmaku.v1.proto',
};

export type EncodingChoice = { ok: true; encoding: Encoding; subprotocol?: string } | { ok: false; field: 'encoding' | 'Sec-WebSocket-Protocol'; message: string };

/**
 * The encoding of a new socket: the `encoding` query parameter wins, then the first
 * Sec-WebSocket-Protocol the client offered that we speak; JSON by default. A client that offered
 * subprotocols must get one of them back (RFC 6455 §4.1: else it fails the connection), so offers
 * of none we speak, or none matching the `encoding` asked for, are refused.
 */
export function negotiateEncoding(query: string | null, offered: readonly string[]): EncodingChoice {
  const spoken = offered.find((protocol) => protocol === SUBPROTOCOLS.json || protocol === SUBPROTOCOLS.binary);
  if (query !== null) {
    if (query !== 'json' && query !== 'binary') return { ok: false, field: 'encoding', message: `unknown encoding ${JSON.stringify(query)}: json or binary` };
    if (offered.length === 0) return { ok: true, encoding: query };
    if (offered.includes(SUBPROTOCOLS[query])) return { ok: true, encoding: query, subprotocol: SUBPROTOCOLS[query] };
    return { ok: false, field: 'Sec-WebSocket-Protocol', message: `encoding=${query} needs the subprotocol ${SUBPROTOCOLS[query]} among those offered, or none offered` };
  }
  if (spoken) return { ok: true, encoding: spoken === SUBPROTOCOLS.binary ? 'binary' : 'json', subprotocol: spoken };
  if (offered.length > 0) return { ok: false, field: 'Sec-WebSocket-Protocol', message: `no offered subprotocol is spoken here: ${SUBPROTOCOLS.json} or ${SUBPROTOCOLS.binary}` };
  return { ok: true, encoding: 'json' };
}
