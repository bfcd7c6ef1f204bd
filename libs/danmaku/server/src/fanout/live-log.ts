import type { ComposedBatch } from '@ovation/danmaku-domain';

/** One composed batch of a room on its way to the room's sockets. */
export interface LiveChunk {
  /** Increases by one per chunk of the room. */
  seq: number;
  batch: ComposedBatch;
  /** The last position of the window it was composed from (sampled-away chat included). */
  lastPosition: number;
}

/**
 * The composed batches of one room that a socket here may still lack. Sweeps visit the room's
 * sockets in turn and give each one everything after what it has, so a chunk composed during a
 * sweep reaches the sockets not yet visited at once and the others at the next sweep: a chunk can
 * go once a sweep that began after it has ended.
 */
export class LiveLog {
  private chunks: LiveChunk[] = [];
  private lastSeq = 0;
  /** The last answer of after(): a sweep asks it for every socket, and most ask for what the one before did. */
  private lastAfter?: { position: number; chunks: LiveChunk[] };

  /** The newest chunk's seq (0: none yet). */
  get latestSeq(): number {
    return this.lastSeq;
  }

  get isEmpty(): boolean {
    return this.chunks.length === 0;
  }

  append(batch: ComposedBatch, lastPosition: number): void {
    this.chunks.push({ seq: ++this.lastSeq, batch, lastPosition });
    this.lastAfter = undefined;
  }

  /** The chunks a socket that has everything up to `position` lacks, oldest first (the array is shared: do not change it). */
  after(position: number): LiveChunk[] {
    if (this.lastAfter?.position === position) return this.lastAfter.chunks;
    let first = this.chunks.length;
    while (first > 0 && this.chunks[first - 1].lastPosition > position) first--;
    const chunks = first === this.chunks.length ? [] : this.chunks.slice(first);
    this.lastAfter = { position, chunks };
    return chunks;
  }

  /** Removes and returns the chunks up to and including `seq`. */
  dropThrough(seq: number): LiveChunk[] {
    const kept = this.chunks.findIndex((chunk) => chunk.seq > seq);
    const end = kept === -1 ? this.chunks.length : kept;
    if (end === 0) return [];
    this.lastAfter = undefined;
    return this.chunks.splice(0, end);
  }
}
