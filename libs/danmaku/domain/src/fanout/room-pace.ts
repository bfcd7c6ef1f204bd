/** How hard a node may work for one room's fan-out. */
export interface PaceLimits {
  /** A room's events are gathered this long into one batch… */
  windowMs: number;
  /** …stretched up to this long for a room with many sockets here… */
  maxWindowMs: number;
  /** …so that the room costs this node at most this many live frames a second. */
  framesPerSecond: number;
  /** Plain chat a room may fan out per second… */
  chatPerSecond: number;
  /** …and fewer in a room with many sockets here: at most this many chat deliveries (chat × sockets) a second. */
  deliveriesPerSecond: number;
}

export interface RoomPace {
  windowMs: number;
  chatPerSecond: number;
}

/**
 * The pace of a room with `sockets` viewers on this node. A node's cost for a room is a frame per
 * socket per window and a delivery per socket per chat message, so a big room gets a longer
 * window (fewer, fuller frames) and, past the delivery budget, sampled chat (more chat than
 * anyone can read). Gifts, room state and system events are never sampled.
 */
export function roomPace(sockets: number, limits: PaceLimits): RoomPace {
  const longest = Math.max(limits.windowMs, limits.maxWindowMs);
  const windowMs = Math.min(longest, Math.max(limits.windowMs, Math.ceil((sockets * 1000) / limits.framesPerSecond)));
  // A room too big for the budget still gets a message a second: sampled, not silenced.
  const affordable = Math.max(1, Math.floor(limits.deliveriesPerSecond / Math.max(1, sockets)));
  return { windowMs, chatPerSecond: Math.min(limits.chatPerSecond, affordable) };
}
