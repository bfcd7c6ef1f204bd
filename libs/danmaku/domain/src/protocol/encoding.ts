/** How frames travel on one socket: JSON text frames, or protobuf ClientFrame/ServerFrame binary frames. */
export type Encoding = 'json' | 'binary';

export const SUBPROTOCOLS: Record<Encoding, string> = {
  json: 'ovation.danmaku.v1.json',
  binary: 'ovation.danmaku.v1.proto',
};

export type EncodingChoice = { ok: true; encoding: Encoding; subprotocol?: string } | { ok: false; message: string };

/**
 * The encoding of a new socket: the `encoding` query parameter wins, then the first
 * Sec-WebSocket-Protocol the client offered that we speak; JSON by default.
 */
export function negotiateEncoding(query: string | null, offered: readonly string[]): EncodingChoice {
  const spoken = offered.find((protocol) => protocol === SUBPROTOCOLS.json || protocol === SUBPROTOCOLS.binary);
  if (query !== null) {
    if (query !== 'json' && query !== 'binary') return { ok: false, message: `unknown encoding ${JSON.stringify(query)}: json or binary` };
    return { ok: true, encoding: query, subprotocol: spoken === SUBPROTOCOLS[query] ? spoken : undefined };
  }
  if (spoken) return { ok: true, encoding: spoken === SUBPROTOCOLS.binary ? 'binary' : 'json', subprotocol: spoken };
  return { ok: true, encoding: 'json' };
}
