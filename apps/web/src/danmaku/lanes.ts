// Where a new bullet comment may fly without running into another. Every comment crosses the
// stage from right to left in the same time, so a longer one moves faster. A lane takes a new
// comment once the previous one has fully entered (plus a gap) and the new one, being perhaps
// faster, cannot catch it before it leaves on the left.

export interface Flight {
  /** When it entered at the right edge (ms). */
  startMs: number;
  /** Its width in pixels. */
  width: number;
}

export interface LaneOptions {
  lanes: number;
  /** Stage width in pixels. */
  stageWidth: number;
  /** Time to cross the stage (ms). */
  durationMs: number;
  /** Minimum pixels between two comments in one lane. */
  gapPx?: number;
}

export class LaneAllocator {
  private last: (Flight | undefined)[];

  constructor(private options: LaneOptions) {
    this.last = new Array(options.lanes).fill(undefined);
  }

  /** The stage was resized: lanes beyond the new count are forgotten. */
  resize(options: LaneOptions): void {
    this.last = Array.from({ length: options.lanes }, (_, i) => this.last[i]);
    this.options = options;
  }

  /** Pixels per millisecond of a comment this wide. */
  speedOf(width: number): number {
    return (this.options.stageWidth + width) / this.options.durationMs;
  }

  /** The topmost free lane for a comment this wide entering now, or undefined when all are busy. */
  place(width: number, nowMs: number): number | undefined {
    const lane = this.last.findIndex((flight) => !flight || this.fits(flight, width, nowMs));
    if (lane < 0) return undefined;
    this.last[lane] = { startMs: nowMs, width };
    return lane;
  }

  private fits(previous: Flight, width: number, nowMs: number): boolean {
    const elapsed = nowMs - previous.startMs;
    const gap = this.options.gapPx ?? 24;
    const previousSpeed = this.speedOf(previous.width);
    const entered = elapsed * previousSpeed >= previous.width + gap;
    if (!entered) return false;
    // The new one's head reaches the left edge no sooner than the previous one's tail leaves it.
    const previousGoneInMs = this.options.durationMs - elapsed;
    const newHeadAtLeftInMs = this.options.stageWidth / this.speedOf(width);
    return newHeadAtLeftInMs >= previousGoneInMs;
  }
}
