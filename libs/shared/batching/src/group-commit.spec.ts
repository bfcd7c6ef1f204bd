import { GroupCommit, GroupCommitFullError } from './group-commit';

/** A commit whose batches the test finishes by hand. */
function manualCommit<Item>() {
  const batches: Array<{ lane: string; items: Item[]; finish: (results?: string[]) => void; fail: (error: Error) => void }> = [];
  const commit = (lane: string, items: Item[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push({ lane, items, finish: (results) => resolve(results ?? items.map((item) => `done ${String(item)}`)), fail: reject });
    });
  return { batches, commit };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('commits an item of an idle lane at once, alone', async () => {
    const { batches, commit } = manualCommit<number>();
    const group = new GroupCommit(commit);
    const result = group.submit('a', 1);
    await settle();
    expect(batches.map((b) => b.items)).toEqual([[1]]);
    batches[0].finish();
    await expect(result).resolves.toBe('done 1');
  });

  it('queues items while the lane has a batch in flight and sends them together next, in order', async () => {
    const { batches, commit } = manualCommit<number>();
    const group = new GroupCommit(commit);
    const results = [1, 2, 3, 4].map((n) => group.submit('a', n));
    await settle();
    expect(batches.map((b) => b.items)).toEqual([[1]]);
    expect(group.waiting).toBe(3);
    batches[0].finish();
    await settle();
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3, 4]]);
    batches[1].finish(['x', 'y', 'z']);
    await expect(Promise.all(results)).resolves.toEqual(['done 1', 'x', 'y', 'z']);
    expect(group.waiting).toBe(0);
  });

  it('keeps lanes independent: a busy lane does not hold another back', async () => {
    const { batches, commit } = manualCommit<string>();
    const group = new GroupCommit(commit);
    void group.submit('a', 'a1');
    void group.submit('a', 'a2');
    void group.submit('b', 'b1');
    await settle();
    expect(batches.map((b) => [b.lane, b.items])).toEqual([
      ['a', ['a1']],
      ['b', ['b1']],
    ]);
  });

  it('caps a batch at maxBatchSize and sends the rest in the batches after', async () => {
    const { batches, commit } = manualCommit<number>();
    const group = new GroupCommit(commit, { maxBatchSize: 2 });
    const results = [1, 2, 3, 4, 5, 6].map((n) => group.submit('a', n));
    for (let n = 0; n < 4; n += 1) {
      await settle();
      batches[n].finish();
    }
    await Promise.all(results);
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3], [4, 5], [6]]);
  });

  it('fails every item of a failed batch, and goes on with the next batch', async () => {
    const { batches, commit } = manualCommit<number>();
    const group = new GroupCommit(commit);
    const first = group.submit('a', 1);
    const second = group.submit('a', 2);
    const third = group.submit('a', 3);
    await settle();
    batches[0].finish();
    await settle();
    batches[1].fail(new Error('connection lost'));
    await expect(second).rejects.toThrow('connection lost');
    await expect(third).rejects.toThrow('connection lost');
    await expect(first).resolves.toBe('done 1');
    const fourth = group.submit('a', 4);
    await settle();
    batches[2].finish();
    await expect(fourth).resolves.toBe('done 4');
  });

  it('fails the batch when the commit answers with the wrong number of results, or throws at once', async () => {
    const short = new GroupCommit<number, string>(async () => []);
    await expect(short.submit('a', 1)).rejects.toThrow('a batch of 1 items committed with 0 results');
    const throwing = new GroupCommit<number, string>(() => {
      throw new Error('not connected');
    });
    await expect(throwing.submit('a', 1)).rejects.toThrow('not connected');
  });

  it('refuses items beyond maxWaiting at once, and takes them again once batches leave', async () => {
    const { batches, commit } = manualCommit<number>();
    const group = new GroupCommit(commit, { maxWaiting: 2 });
    const accepted = [1, 2, 3].map((n) => group.submit('a', n));
    await expect(group.submit('b', 4)).rejects.toBeInstanceOf(GroupCommitFullError);
    await settle();
    batches[0].finish();
    await settle();
    expect(group.waiting).toBe(0);
    const later = group.submit('a', 5);
    batches[1].finish();
    await settle();
    batches[2].finish();
    await expect(Promise.all([...accepted, later])).resolves.toEqual(['done 1', 'done 2', 'done 3', 'done 5']);
  });

  it('refuses a batch size below one', () => {
    expect(() => new GroupCommit(async () => [], { maxBatchSize: 0 })).toThrow('maxBatchSize');
  });
});
