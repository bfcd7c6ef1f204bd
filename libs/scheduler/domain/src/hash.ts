/**
 * MurmurHash3 (x86, 32-bit) over a string's UTF-16 code units. Placement needs a fast,
 * well-mixed, platform-independent hash (every scheduler replica must agree), not a secure one.
 */
export function hash32(text: string, seed = 0): number {
  let h = seed >>> 0;
  let i = 0;
  for (; i + 1 < text.length; i += 2) {
    h ^= scramble(text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16));
    h = rotl(h, 13);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  if (i < text.length) h ^= scramble(text.charCodeAt(i));
  h ^= text.length * 2;
  return finalize(h);
}

function scramble(block: number): number {
  return Math.imul(rotl(Math.imul(block, 0xcc9e2d51), 15), 0x1b873593);
}

function rotl(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

function finalize(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
