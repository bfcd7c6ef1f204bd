import { deriveStreamKey, hashStreamKey, isWellFormedStreamKey, STREAM_KEY_MAX } from './index';

const roomId = '3f2b8c1e-5d6a-4e7f-9a0b-1c2d3e4f5a6b';

describe('stream keys', () => {
  it('derives the same key again from secret, room and version, prefixed by the room', () => {
    const key = deriveStreamKey('secret-a', roomId, 1);
    expect(deriveStreamKey('secret-a', roomId, 1)).toBe(key);
    expect(key).toMatch(/^3f2b8c1e_[A-Za-z0-9_-]{43}$/);
    expect(isWellFormedStreamKey(key)).toBe(true);
  });

  it('changes with the version (rotation), the secret and the room', () => {
    const key = deriveStreamKey('secret-a', roomId, 1);
    expect(deriveStreamKey('secret-a', roomId, 2)).not.toBe(key);
    expect(deriveStreamKey('secret-b', roomId, 1)).not.toBe(key);
    expect(deriveStreamKey('secret-a', roomId.replace('3f', '4f'), 1)).not.toBe(key);
  });

  it('stores a hex SHA-256, not the key', () => {
    const key = deriveStreamKey('secret-a', roomId, 1);
    const hash = hashStreamKey(key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(key);
    expect(hashStreamKey(deriveStreamKey('secret-a', roomId, 2))).not.toBe(hash);
  });

  it.each(['', 'has space', 'slash/key', 'x'.repeat(STREAM_KEY_MAX + 1)])('rejects the malformed key %j', (key) => {
    expect(isWellFormedStreamKey(key)).toBe(false);
  });
});
