interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
  /** From here on a read also starts a refresh in the background… */
  refreshAt: number;
  /** …unless a lookup of this key is under way. */
  loading: boolean;
}

export interface ExpiringCacheOptions {
  maxEntries?: number;
  now?: () => number;
  /**
   * For this long after an answer expired, a failed lookup of its key is answered with it instead
   * (stale-if-error, RFC 5861): while the source is down, what was known keeps being served.
   * 0 (the default): a failed lookup fails.
   */
  staleIfErrorMs?: number;
  /** Told each time an expired answer is served because the source failed. */
  onStale?: (error: unknown) => void;
}

/**
 * Remembers answers of a slow source for `ttlMs`, shares one lookup among concurrent askers,
 * forgets failures at once (unless an expired answer may stand in, `staleIfErrorMs`), and holds
 * at most `maxEntries` (the oldest go first). A key read in the second half of its life is
 * refreshed in the background, so a key in steady use is never waited for again, yet no answer is
 * served older than `ttlMs` while the source answers.
 */
export class ExpiringCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly staleIfErrorMs: number;
  private readonly onStale: (error: unknown) => void;

  constructor(
    private readonly load: (key: K) => Promise<V>,
    private readonly ttlMs: number,
    options: ExpiringCacheOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 100_000;
    this.now = options.now ?? Date.now;
    this.staleIfErrorMs = options.staleIfErrorMs ?? 0;
    this.onStale = options.onStale ?? (() => undefined);
  }

  get(key: K): Promise<V> {
    const now = this.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) {
      if (now >= cached.refreshAt && !cached.loading) this.refresh(key, cached);
      return cached.value;
    }
    const fallback = cached && now < cached.expiresAt + this.staleIfErrorMs ? cached : undefined;
    const value = this.load(key);
    // Concurrent askers share the answer, the stale one included when the source fails.
    const answer = fallback
      ? value.catch((error: unknown) => {
          this.onStale(error);
          return fallback.value;
        })
      : value;
    const entry = this.remember(key, answer, now, true);
    value.then(
      () => (entry.loading = false),
      () => {
        if (this.entries.get(key) !== entry) return;
        // The expired answer stays (with its own expiry, so the stale window is bounded); the next read asks again.
        if (fallback) this.entries.set(key, fallback);
        else this.entries.delete(key);
      },
    );
    return answer;
  }

  /** The last answer kept for a key, however old, without asking the source (undefined: none). */
  peek(key: K): Promise<V> | undefined {
    return this.entries.get(key)?.value;
  }

  /** Replaces what is known about a key (a fresher source said so). */
  set(key: K, value: V): void {
    this.remember(key, Promise.resolve(value), this.now(), false);
  }

  private refresh(key: K, stale: Entry<V>): void {
    stale.loading = true;
    // The answer's age counts from the question, as for a miss.
    const askedAt = this.now();
    const value = this.load(key);
    value.then(
      () => {
        // Unless something fresher arrived meanwhile.
        if (this.entries.get(key) === stale) this.remember(key, value, askedAt, false);
      },
      // The entry stays until it expires; the next read tries again.
      () => (stale.loading = false),
    );
  }

  private remember(key: K, value: Promise<V>, askedAt: number, loading: boolean): Entry<V> {
    const entry = { value, expiresAt: askedAt + this.ttlMs, refreshAt: askedAt + this.ttlMs / 2, loading };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}
