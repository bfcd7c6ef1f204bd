export interface PlacementPolicy {
  /** Viewers of one room that one push node should carry before the room spreads to one more node. */
  perNodeRoomTarget: number;
  /**
   * Utilizations within this of the least loaded count as ties, broken by hash. Loads arrive with
   * heartbeats every few seconds: strict least-loaded would send a whole burst of joins to one node.
   */
  loadTieTolerance: number;
  /** A node whose CPU share reaches this takes new work only when no cooler node can. */
  cpuCeiling: number;
}

export const defaultPlacementPolicy: PlacementPolicy = {
  perNodeRoomTarget: 2000,
  loadTieTolerance: 0.05,
  cpuCeiling: 0.95,
};

/** How many push nodes a room with `online` viewers spreads over: ceil(online / target), within 1..available. */
export function roomSpread(online: number, perNodeRoomTarget: number, available: number): number {
  const wanted = Math.ceil(Math.max(0, online) / Math.max(1, perNodeRoomTarget));
  return Math.min(Math.max(wanted, 1), available);
}
