interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
  /** From here on a read also starts a refresh in the background… */
  refreshAt: number;
  /** …unless a lookup of this key is under way. */
  loading: boolean;
}

/**
 * Remembers answers of a slow source for `ttlMs`, shares one lookup among concurrent askers,
 * forgets failures at once, and holds at most `maxEntries` (the oldest go first). A key read in
 * the second half of its life is refreshed in the background, so a key in steady use is never
 * waited for again, yet no answer is served older than `ttlMs`.
 */
export class ExpiringCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();

  constructor(
    private readonly load: (key: K) => Promise<V>,
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K): Promise<V> {
    const now = this.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) {
      if (now >= cached.refreshAt && !cached.loading) this.refresh(key, cached);
      return cached.value;
    }
    const value = this.load(key);
    const entry = this.remember(key, value, now, true);
    value.then(
      () => (entry.loading = false),
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return value;
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
