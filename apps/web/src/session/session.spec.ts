import type { GatewayApi } from '../api/gateway';
import { Session, userIdFrom, type KeyValueStore } from './session';

class MemoryStore implements KeyValueStore {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

function fakeApi(now: () => number) {
  let issued = 0;
  const token = (prefix: string) => {
    issued += 1;
    return { token: `${prefix}-${issued}`, expiresAt: new Date(now() + 3600_000).toISOString() };
  };
  return {
    devToken: jest.fn(async (userId: string) => token(`user:${userId}`)),
    guestToken: jest.fn(async () => token('guest')),
  } as unknown as GatewayApi & { devToken: jest.Mock; guestToken: jest.Mock };
}

describe('Session', () => {
  let clock = Date.parse('2025-01-01T12:00:00Z');
  const now = () => clock;

  it('gives guests one watch-only token and renews it near expiry', async () => {
    const api = fakeApi(now);
    const session = new Session(api, new MemoryStore(), now);
    expect(session.identity).toBeUndefined();
    expect(await session.token()).toBe('guest-1');
    expect(await session.token()).toBe('guest-1');
    clock += 3600_000 - 30_000;
    expect(await session.token()).toBe('guest-2');
    await expect(session.userToken()).rejects.toThrow('Sign in first.');
  });

  it('keeps a signed-in identity across reloads and renews its token', async () => {
    const api = fakeApi(now);
    const store = new MemoryStore();
    await new Session(api, store, now).signIn({ userId: 'ada', displayName: 'Ada', role: 'streamer' });
    const reloaded = new Session(api, store, now);
    expect(reloaded.identity).toEqual({ userId: 'ada', displayName: 'Ada', role: 'streamer' });
    expect(await reloaded.userToken()).toBe('user:ada-1');
    clock += 3600_000;
    expect(await reloaded.userToken()).toBe('user:ada-2');
    expect(api.devToken).toHaveBeenLastCalledWith('ada', 'Ada', 'streamer');
    reloaded.signOut();
    expect(reloaded.identity).toBeUndefined();
  });

  it('turns a display name into a valid user id', () => {
    expect(userIdFrom('Ada Lovelace')).toBe('ada-lovelace');
    expect(userIdFrom('Zoë  O’Brien!')).toBe('zoe-o-brien');
    expect(userIdFrom('弹幕')).toMatch(/^user-\d+$/);
  });
});
