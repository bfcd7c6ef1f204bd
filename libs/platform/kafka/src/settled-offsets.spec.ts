import { SettledOffsets } from './settled-offsets';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SettledOffsets', () => {
  it('offers, per partition, the offset after the longest settled run from the start', async () => {
    const offsets = new SettledOffsets(() => undefined);
    const work = [0, 1, 2, 3].map(() => deferred());
    work.forEach(({ promise }, i) => offsets.track('t', 0, String(10 + i), promise));
    expect(offsets.takeCommittable()).toEqual([]);

    work[0].resolve();
    work[2].resolve();
    work[3].resolve();
    await flush();
    expect(offsets.takeCommittable()).toEqual([{ topic: 't', partition: 0, offset: '11' }]);
    expect(offsets.takeCommittable()).toEqual([]);

    work[1].resolve();
    await flush();
    expect(offsets.takeCommittable()).toEqual([{ topic: 't', partition: 0, offset: '14' }]);
  });

  it('keeps partitions apart', async () => {
    const offsets = new SettledOffsets(() => undefined);
    const slow = deferred();
    offsets.track('t', 0, '0', slow.promise);
    offsets.track('t', 1, '0', Promise.resolve());
    offsets.track('u', 0, '7', Promise.resolve());
    await flush();
    expect(offsets.takeCommittable()).toEqual([
      { topic: 't', partition: 1, offset: '1' },
      { topic: 'u', partition: 0, offset: '8' },
    ]);
  });

  it('never passes a message whose work failed, and reports it', async () => {
    const failures: unknown[][] = [];
    const offsets = new SettledOffsets((...failure) => failures.push(failure));
    const failing = deferred();
    offsets.track('t', 0, '0', Promise.resolve());
    offsets.track('t', 0, '1', failing.promise);
    offsets.track('t', 0, '2', Promise.resolve());
    const error = new Error('history unavailable');
    failing.reject(error);
    await flush();
    expect(offsets.takeCommittable()).toEqual([{ topic: 't', partition: 0, offset: '1' }]);
    offsets.track('t', 0, '3', Promise.resolve());
    await flush();
    expect(offsets.takeCommittable()).toEqual([]);
    expect(failures).toEqual([['t', 0, '1', error]]);
  });

  it('offers a restored offset again, unless a later one was reached meanwhile', async () => {
    const offsets = new SettledOffsets(() => undefined);
    offsets.track('t', 0, '0', Promise.resolve());
    await flush();
    const taken = offsets.takeCommittable();
    offsets.restore(taken);
    expect(offsets.takeCommittable()).toEqual(taken);

    offsets.track('t', 0, '1', Promise.resolve());
    await flush();
    const later = offsets.takeCommittable();
    offsets.restore(taken);
    expect(offsets.takeCommittable()).toEqual([]);
    expect(later).toEqual([{ topic: 't', partition: 0, offset: '2' }]);
  });

  it('never moves back for messages read again', async () => {
    const offsets = new SettledOffsets(() => undefined);
    ['5', '6', '5', '6'].forEach((offset) => offsets.track('t', 0, offset, Promise.resolve()));
    await flush();
    expect(offsets.takeCommittable()).toEqual([{ topic: 't', partition: 0, offset: '7' }]);
    offsets.track('t', 0, '6', Promise.resolve());
    await flush();
    expect(offsets.takeCommittable()).toEqual([]);
  });

  it('counts a long run of settled messages (old entries are dropped as it goes)', async () => {
    const offsets = new SettledOffsets(() => undefined);
    for (let offset = 0; offset < 5_000; offset++) offsets.track('t', 0, String(offset), Promise.resolve());
    await flush();
    expect(offsets.takeCommittable()).toEqual([{ topic: 't', partition: 0, offset: '5000' }]);
  });

  it('waits for the work in flight, up to a bound', async () => {
    const offsets = new SettledOffsets(() => undefined);
    const work = deferred();
    offsets.track('t', 0, '0', work.promise);
    let drained = false;
    const waiting = offsets.drained(60_000).then(() => (drained = true));
    await flush();
    expect(drained).toBe(false);
    work.resolve();
    await waiting;
    expect(drained).toBe(true);

    offsets.track('t', 0, '1', new Promise(() => undefined));
    await offsets.drained(10);
    expect(offsets.takeCommittable()).toEqual([{ topic: 't', partition: 0, offset: '1' }]);
  });
});
