/** How many viewers one room has on one push node (or, summed, across the fleet). */
export interface RoomPresence {
  /** Open viewer sockets. */
  connections: number;
  /** Distinct signed-in viewers on that node (summed across nodes: a user on two nodes counts twice). */
  uniqueUsers: number;
}

/** One node's hash field value: `connections:uniqueUsers`. */
export function encodePresence(presence: RoomPresence): string {
  return `${presence.connections}:${presence.uniqueUsers}`;
}

export function decodePresence(value: string): RoomPresence {
  const [connections, uniqueUsers] = value.split(':').map(Number);
  return { connections: connections || 0, uniqueUsers: uniqueUsers || 0 };
}
