interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
  /** From here on a read also starts a refresh in the background. */
  refreshAt: number;
  refreshing: boolean;
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
      if (now >= cached.refreshAt && !cached.refreshing) this.refresh(key, cached);
      return cached.value;
    }
    const value = this.load(key);
    this.remember(key, value, now);
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /** Replaces what is known about a key (a fresher source said so). */
  set(key: K, value: V): void {
    this.remember(key, Promise.resolve(value), this.now());
  }

  private refresh(key: K, stale: Entry<V>): void {
    stale.refreshing = true;
    const value = this.load(key);
    value.then(
      () => {
        // Unless something fresher arrived meanwhile.
        if (this.entries.get(key) === stale) this.remember(key, value, this.now());
      },
      // The entry stays until it expires; the next read tries again.
      () => (stale.refreshing = false),
    );
  }

  private remember(key: K, value: Promise<V>, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + this.ttlMs, refreshAt: now + this.ttlMs / 2, refreshing: false });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
