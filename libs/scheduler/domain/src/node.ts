export const nodeKinds = ['push', 'ingest', 'playback'] as const;
export type NodeKind = (typeof nodeKinds)[number];

/** What a node says about itself in every heartbeat. */
export interface NodeReport {
  nodeId: string;
  kind: NodeKind;
  /** What clients connect to: ws://…/ws (push), rtmp://…/live (ingest), http://… (playback). */
  address: string;
  /** host:port of the node's gRPC server; empty when it serves none. */
  grpcAddress: string;
  /** The most work it takes: connections (push, playback) or streams (ingest). */
  capacity: number;
  /** The work it has now, in the same unit. */
  load: number;
  /** Share of one core the process used lately, 0..1. */
  cpu: number;
  /** The node is shutting down: it keeps its clients but takes no new ones. */
  draining: boolean;
}

/** A node as the registry knows it: its last report, when that came, and whether an operator asked it to drain. */
export interface RegisteredNode extends NodeReport {
  lastSeenMs: number;
  drainRequested: boolean;
}

/** What placement needs to know about a node. */
export type PlacementNode = Pick<RegisteredNode, 'nodeId' | 'capacity' | 'load' | 'cpu' | 'draining' | 'drainRequested'>;

/** Why a node takes no new work (draining, full), takes it only as a last resort (cpu_hot), or `accepting`. */
export type NodeState = 'accepting' | 'draining' | 'full' | 'cpu_hot';

export function nodeState(node: PlacementNode, cpuCeiling: number): NodeState {
  if (node.draining || node.drainRequested) return 'draining';
  if (node.load >= node.capacity) return 'full';
  if (node.cpu >= cpuCeiling) return 'cpu_hot';
  return 'accepting';
}

/** How full a node is: load over capacity, 0..1 (and above when a node overshoots). */
export function utilization(node: PlacementNode): number {
  return node.capacity > 0 ? node.load / node.capacity : Number.POSITIVE_INFINITY;
}
