/**
 * Commits one lane's batch; resolves with one result per item, in the items' order. A rejection
 * fails every item of the batch.
 */
export type CommitBatch<Item, Result> = (lane: string, items: Item[]) => Promise<Result[]>;

export interface GroupCommitOptions {
  /** The most items one batch carries (default: no limit); the rest wait for the next. */
  maxBatchSize?: number;
  /**
   * The most items that may wait for a batch, over all lanes (default: no limit). Beyond it a
   * submit is refused at once with GroupCommitFullError: under a stall, callers learn it now
   * instead of piling up work their clients gave up on.
   */
  maxWaiting?: number;
}

export class GroupCommitFullError extends Error {
  constructor(readonly waiting: number) {
    super(`${waiting} items already wait for a batch`);
    this.name = 'GroupCommitFullError';
  }
}

interface Pending<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * While a lane's batch is in flight, further items of that lane queue and leave together in the
 * next batch; an idle lane commits an item at once. One batch per lane is in flight at a time.
 */
export class GroupCommit<Item, Result> {
  private readonly queued = new Map<string, Array<Pending<Item, Result>>>();
  private readonly inFlight = new Set<string>();
  private readonly maxBatchSize: number;
  private readonly maxWaiting: number;
  private waitingCount = 0;

  constructor(
    private readonly commit: CommitBatch<Item, Result>,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatchSize = options.maxBatchSize ?? Number.POSITIVE_INFINITY;
    this.maxWaiting = options.maxWaiting ?? Number.POSITIVE_INFINITY;
    if (!(this.maxBatchSize >= 1)) throw new Error('maxBatchSize must be at least 1');
    if (!(this.maxWaiting >= 0)) throw new Error('maxWaiting must not be negative');
  }

  submit(lane: string, item: Item): Promise<Result> {
    if (this.waitingCount >= this.maxWaiting) return Promise.reject(new GroupCommitFullError(this.waitingCount));
    return new Promise<Result>((resolve, reject) => {
      const queue = this.queued.get(lane) ?? [];
      queue.push({ item, resolve, reject });
      this.queued.set(lane, queue);
      this.waitingCount += 1;
      if (!this.inFlight.has(lane)) this.flush(lane);
    });
  }

  /** Items waiting for a batch, over all lanes. */
  get waiting(): number {
    return this.waitingCount;
  }

  private flush(lane: string): void {
    const queue = this.queued.get(lane);
    if (!queue?.length) return;
    const batch = queue.splice(0, this.maxBatchSize);
    this.waitingCount -= batch.length;
    if (!queue.length) this.queued.delete(lane);
    this.inFlight.add(lane);
    // A commit that throws synchronously fails its batch like one that rejects.
    Promise.resolve()
      .then(() => this.commit(lane, batch.map((pending) => pending.item)))
      .then(
        (results) => {
          if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} items committed with ${results.length} results`);
          batch.forEach((pending, index) => pending.resolve(results[index]));
        },
      )
      .catch((error: unknown) => batch.forEach((pending) => pending.reject(error)))
      .finally(() => {
        this.inFlight.delete(lane);
        this.flush(lane);
      });
  }
}
