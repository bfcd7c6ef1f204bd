/**
 * Outbox rows are spread over a fixed number of lanes by room. A relay works a lane alone (it
 * locks it), in id order, so several relays run at once without reordering one room's events.
 */
export const OUTBOX_LANES = 16;

/** FNV-1a over the room id: stable across processes and versions. */
export function outboxLane(roomId: string, lanes = OUTBOX_LANES): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < roomId.length; i += 1) {
    hash ^= roomId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % lanes;
}
