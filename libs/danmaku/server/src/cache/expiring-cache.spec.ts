import { ExpiringCache } from './expiring-cache';

/** A source whose answers the test releases one at a time. */
class Source {
  readonly asked: string[] = [];
  private readonly waiting: Array<{ resolve: (value: string) => void; reject: (error: Error) => void }> = [];
  load = (key: string): Promise<string> => {
    this.asked.push(key);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  };
  answer(value: string): Promise<void> {
    this.waiting.shift()!.resolve(value);
    return flush();
  }
  fail(): Promise<void> {
    this.waiting.shift()!.reject(new Error('source down'));
    return flush();
  }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ExpiringCache', () => {
  let clock: number;
  let source: Source;
  let cache: ExpiringCache<string, string>;

  beforeEach(() => {
    clock = 0;
    source = new Source();
    cache = new ExpiringCache(source.load, 1000, { maxEntries: 2, now: () => clock });
  });

  /** 'a' answered 'a1' at 0; now it is 600, in the second half of its life. */
  async function aging(): Promise<void> {
    const first = cache.get('a');
    await source.answer('a1');
    await first;
    clock = 600;
  }

  it('shares one lookup among concurrent askers and answers from memory until the entry expires', async () => {
    const [first, second] = [cache.get('a'), cache.get('a')];
    await source.answer('a1');
    await expect(Promise.all([first, second])).resolves.toEqual(['a1', 'a1']);
    clock = 400;
    await expect(cache.get('a')).resolves.toBe('a1');
    expect(source.asked).toEqual(['a']);
    clock = 1000;
    const expired = cache.get('a');
    await source.answer('a2');
    await expect(expired).resolves.toBe('a2');
  });

  it('refreshes a key read in the second half of its life in the background: a key in use is not waited for again', async () => {
    await aging();
    await expect(cache.get('a')).resolves.toBe('a1');
    await expect(cache.get('a')).resolves.toBe('a1');
    expect(source.asked).toEqual(['a', 'a']);
    await source.answer('a2');
    await expect(cache.get('a')).resolves.toBe('a2');
    // Past the first answer's life: the refreshed one, from memory.
    clock = 1000;
    await expect(cache.get('a')).resolves.toBe('a2');
    expect(source.asked).toHaveLength(2);
  });

  it('keeps the entry when a background refresh fails, and tries again on the next read', async () => {
    await aging();
    await cache.get('a');
    await source.fail();
    await expect(cache.get('a')).resolves.toBe('a1');
    expect(source.asked).toHaveLength(3);
  });

  it('starts no second lookup while the first is still under way past half its life', async () => {
    const first = cache.get('a');
    clock = 600;
    const second = cache.get('a');
    expect(source.asked).toEqual(['a']);
    await source.answer('a1');
    await expect(Promise.all([first, second])).resolves.toEqual(['a1', 'a1']);
  });

  it('counts a refreshed answer\'s life from when it was asked for', async () => {
    await aging();
    await cache.get('a');
    clock = 900;
    await source.answer('a2');
    clock = 1600;
    const expired = cache.get('a');
    expect(source.asked).toHaveLength(3);
    await source.answer('a3');
    await expect(expired).resolves.toBe('a3');
  });

  it('forgets a failed lookup at once', async () => {
    const failed = cache.get('a');
    await source.fail();
    await expect(failed).rejects.toThrow('source down');
    const retried = cache.get('a');
    await source.answer('a1');
    await expect(retried).resolves.toBe('a1');
  });

  it('takes a fresher answer over a background refresh that was under way', async () => {
    await aging();
    await cache.get('a');
    cache.set('a', 'pushed');
    await source.answer('a-refreshed');
    await expect(cache.get('a')).resolves.toBe('pushed');
  });

  it('holds at most maxEntries, the oldest going first', async () => {
    for (const key of ['a', 'b', 'c']) cache.set(key, key);
    const again = cache.get('a');
    expect(source.asked).toEqual(['a']);
    await source.answer('a-again');
    await expect(again).resolves.toBe('a-again');
    await expect(cache.get('c')).resolves.toBe('c');
  });

  describe('stale-if-error', () => {
    let stale: ExpiringCache<string, string>;
    const served: unknown[] = [];

    beforeEach(() => {
      served.length = 0;
      stale = new ExpiringCache(source.load, 1000, { now: () => clock, staleIfErrorMs: 5000, onStale: (error) => served.push(error) });
    });

    async function known(): Promise<void> {
      const first = stale.get('a');
      await source.answer('a1');
      await first;
    }

    it('answers a failed lookup of an expired key with what was known, and asks again next time', async () => {
      await known();
      clock = 2000;
      const during = stale.get('a');
      const alsoDuring = stale.get('a');
      expect(source.asked).toEqual(['a', 'a']);
      await source.fail();
      await expect(during).resolves.toBe('a1');
      await expect(alsoDuring).resolves.toBe('a1');
      // One lookup, shared: one stale answer.
      expect(served).toHaveLength(1);
      const afterwards = stale.get('a');
      expect(source.asked).toEqual(['a', 'a', 'a']);
      await source.answer('a2');
      await expect(afterwards).resolves.toBe('a2');
    });

    it('stands in only for staleIfErrorMs after the answer expired', async () => {
      await known();
      clock = 1000 + 5000;
      const tooLate = stale.get('a');
      await source.fail();
      await expect(tooLate).rejects.toThrow('source down');
    });

    it('has nothing to stand in for a key never answered', async () => {
      const never = stale.get('b');
      await source.fail();
      await expect(never).rejects.toThrow('source down');
      expect(served).toEqual([]);
    });
  });
});
