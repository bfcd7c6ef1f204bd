// "Who are you": a development login (name + role) kept in the browser, and a watch-only guest
// token for everyone else. Tokens are renewed before they expire, so a long session keeps working.
import type { GatewayApi } from '../api/gateway';
import type { Role } from '../api/types';

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface Identity {
  userId: string;
  displayName: string;
  role: Role;
}

interface StoredToken {
  token: string;
  expiresAt: string;
}

type StoredSession = Identity & StoredToken;

const SESSION_KEY = 'ovation.session';
const GUEST_KEY = 'ovation.guest';
/** Renew a token this long before it expires. */
const RENEW_MARGIN_MS = 60_000;

export const USER_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** A user id from a display name: "Ada Lovelace" → "ada-lovelace". */
export function userIdFrom(name: string): string {
  const id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return id || `user-${Math.floor(Math.random() * 1e6)}`;
}

export class Session {
  constructor(
    private readonly api: GatewayApi,
    private readonly store: KeyValueStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** The signed-in identity, or undefined for a guest. */
  get identity(): Identity | undefined {
    const session = this.read<StoredSession>(SESSION_KEY);
    return session && { userId: session.userId, displayName: session.displayName, role: session.role };
  }

  async signIn(identity: Identity): Promise<void> {
    const issued = await this.api.devToken(identity.userId, identity.displayName, identity.role);
    this.store.setItem(SESSION_KEY, JSON.stringify({ ...identity, token: issued.token, expiresAt: issued.expiresAt }));
  }

  signOut(): void {
    this.store.removeItem(SESSION_KEY);
  }

  /** A valid token for the API: the signed-in user's, else a guest's. */
  async token(): Promise<string> {
    const session = this.read<StoredSession>(SESSION_KEY);
    if (session) {
      if (this.fresh(session)) return session.token;
      await this.signIn(session);
      return this.read<StoredSession>(SESSION_KEY)!.token;
    }
    return this.guestToken();
  }

  /** The signed-in user's token; throws when nobody is signed in. */
  async userToken(): Promise<string> {
    if (!this.identity) throw new Error('Sign in first.');
    return this.token();
  }

  private async guestToken(): Promise<string> {
    const guest = this.read<StoredToken>(GUEST_KEY);
    if (guest && this.fresh(guest)) return guest.token;
    const issued = await this.api.guestToken();
    this.store.setItem(GUEST_KEY, JSON.stringify({ token: issued.token, expiresAt: issued.expiresAt }));
    return issued.token;
  }

  private fresh(token: StoredToken): boolean {
    return Date.parse(token.expiresAt) - RENEW_MARGIN_MS > this.now();
  }

  private read<T>(key: string): T | undefined {
    try {
      const raw = this.store.getItem(key);
      return raw ? (JSON.parse(raw) as T) : undefined;
    } catch {
      return undefined;
    }
  }
}
