// A replay shows each message when the video reaches the moment it was sent. Messages are
// sorted by their time in the video; playing forward releases those passed since the last
// tick; a seek (or a jump) starts again from the new time without flooding the screen.

export interface Timed {
  /** Milliseconds into the video. */
  videoMs: number;
}

/** More than this between two ticks is a seek, not playback. */
const JUMP_MS = 2000;

export class ReplaySchedule<T extends Timed> {
  private readonly items: T[];
  private next = 0;
  private lastMs = 0;

  constructor(items: readonly T[]) {
    this.items = [...items].sort((a, b) => a.videoMs - b.videoMs);
  }

  get size(): number {
    return this.items.length;
  }

  /** The messages due between the previous tick and `videoMs`. */
  due(videoMs: number): T[] {
    if (videoMs < this.lastMs || videoMs - this.lastMs > JUMP_MS) {
      this.next = this.firstAtOrAfter(videoMs);
      this.lastMs = videoMs;
      return [];
    }
    const start = this.next;
    while (this.next < this.items.length && this.items[this.next].videoMs <= videoMs) this.next += 1;
    this.lastMs = videoMs;
    return this.items.slice(start, this.next);
  }

  private firstAtOrAfter(videoMs: number): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.items[mid].videoMs < videoMs) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
