import type { PartitionStart } from './inherit-offsets';

/** How one message's work ended. */
type Outcome = 'pending' | 'settled' | 'failed';

interface Entry {
  offset: string;
  outcome: Outcome;
}

interface PartitionLog {
  topic: string;
  partition: number;
  /** Messages in the order they were read; those before `head` are settled and counted in `next`. */
  entries: Entry[];
  head: number;
  /** The offset to commit: the first message whose work has not settled (undefined: none settled yet). */
  next?: string;
  /** `next` moved since the last `takeCommittable`. */
  moved: boolean;
}

/** Entries already counted are dropped in bulk once this many accumulated at the front. */
const COMPACT_AFTER = 1_024;

/**
 * The offsets a consumer may commit when the work a message starts finishes later and out of
 * order (messages of a room written on a timer, rooms at different times): per partition, up to
 * the first message whose work has not settled. A failed message holds its partition back for
 * good: it is read again after a restart, never skipped.
 */
export class SettledOffsets {
  private readonly partitions = new Map<string, PartitionLog>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly onFailure: (topic: string, partition: number, offset: string, error: unknown) => void) {}

  /** A message read, in partition order: committable once `work` resolved and every earlier one's too. */
  track(topic: string, partition: number, offset: string, work: Promise<unknown>): void {
    const log = this.logOf(topic, partition);
    const entry: Entry = { offset, outcome: 'pending' };
    log.entries.push(entry);
    const settled = work.then(
      () => this.settle(log, entry, 'settled'),
      (error: unknown) => {
        this.settle(log, entry, 'failed');
        this.onFailure(topic, partition, offset, error);
      },
    );
    this.inFlight.add(settled);
    void settled.finally(() => this.inFlight.delete(settled));
  }

  /** The partitions whose committable offset moved since the last call, with that offset. */
  takeCommittable(): PartitionStart[] {
    const moved: PartitionStart[] = [];
    for (const log of this.partitions.values()) {
      if (!log.moved || log.next === undefined) continue;
      log.moved = false;
      moved.push({ topic: log.topic, partition: log.partition, offset: log.next });
    }
    return moved;
  }

  /** Puts offsets back whose commit failed (unless a later one was taken meanwhile): the next take offers them again. */
  restore(offsets: PartitionStart[]): void {
    for (const { topic, partition, offset } of offsets) {
      const log = this.partitions.get(keyOf(topic, partition));
      if (log?.next === offset) log.moved = true;
    }
  }

  /** Resolves once the work of every message tracked so far has settled, or after `timeoutMs`. */
  async drained(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
    clearTimeout(timer);
  }

  private settle(log: PartitionLog, entry: Entry, outcome: Outcome): void {
    entry.outcome = outcome;
    // A failed entry is never passed: nothing at or after it is committed.
    while (log.head < log.entries.length && log.entries[log.head].outcome === 'settled') {
      const next = BigInt(log.entries[log.head].offset) + 1n;
      // A message read again (kafkajs went back to the committed offset) never moves the commit back.
      if (log.next === undefined || next > BigInt(log.next)) {
        log.next = next.toString();
        log.moved = true;
      }
      log.head++;
    }
    if (log.head >= COMPACT_AFTER) {
      log.entries.splice(0, log.head);
      log.head = 0;
    }
  }

  private logOf(topic: string, partition: number): PartitionLog {
    const key = keyOf(topic, partition);
    let log = this.partitions.get(key);
    if (!log) {
      log = { topic, partition, entries: [], head: 0, moved: false };
      this.partitions.set(key, log);
    }
    return log;
  }
}

function keyOf(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
