/** "Nothing seen yet": every real position is at least 1. */
export const NO_POSITION = 0;

/**
 * An event's position in its room's stream: its Kafka offset plus one. A room's events all
 * live in one partition (the key is the room id), so positions rise strictly within a room
 * and every node that reads the partition derives the same ones.
 */
export function positionOfOffset(offset: string): number {
  const position = /^\d{1,16}$/.test(offset) ? Number(offset) + 1 : NaN;
  if (!Number.isSafeInteger(position)) throw new Error(`not a Kafka offset: ${offset}`);
  return position;
}

/** A position from the wire (decimal string or number); undefined when it is not one. */
export function parsePosition(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || !/^\d{1,16}$/.test(value)) return undefined;
  const position = Number(value);
  return Number.isSafeInteger(position) ? position : undefined;
}

/** Positions travel as decimal strings (int64 in protobuf JSON). */
export function formatPosition(position: number): string {
  return String(position);
}
