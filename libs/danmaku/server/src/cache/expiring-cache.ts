interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
}

/**
 * Remembers answers of a slow source for `ttlMs`, shares one lookup among concurrent askers,
 * forgets failures at once, and holds at most `maxEntries` (the oldest go first).
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
    if (cached && cached.expiresAt > now) return cached.value;
    const value = this.load(key);
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /** Replaces what is known about a key (a fresher source said so). */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value: Promise.resolve(value), expiresAt: this.now() + this.ttlMs });
  }
}
