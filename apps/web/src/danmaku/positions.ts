// A room's events carry strictly increasing positions (int64 as decimal strings). The client
// remembers the last one it showed, so a reconnect asks for exactly what it missed and an event
// that arrives twice (history overlapping live) is shown once.

export class PositionTracker {
  private last = 0n;

  /** The last position seen, "0" when none: what a reconnect sends as lastPosition. */
  get lastPosition(): string {
    return this.last.toString();
  }

  /** The events not seen before, in order; remembers the newest. */
  accept<E extends { position: string }>(events: readonly E[]): E[] {
    const fresh: E[] = [];
    for (const event of events) {
      const position = toBigInt(event.position);
      if (position === undefined) continue;
      if (position <= this.last) continue;
      this.last = position;
      fresh.push(event);
    }
    return fresh;
  }
}

function toBigInt(value: string): bigint | undefined {
  return /^\d{1,19}$/.test(value) ? BigInt(value) : undefined;
}
