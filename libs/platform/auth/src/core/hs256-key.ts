// RFC 7518 §3.2: an HS256 key must be at least as long as the hash output (256 bits).
const MIN_SECRET_BYTES = 32;

export function hs256Key(secret: string): Uint8Array {
  const key = new TextEncoder().encode(secret);
  if (key.byteLength < MIN_SECRET_BYTES) throw new Error(`the HS256 secret must be at least ${MIN_SECRET_BYTES} bytes long`);
  return key;
}
