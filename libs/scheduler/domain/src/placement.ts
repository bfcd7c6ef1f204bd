import { NoNodeAvailableError } from './errors';
import { NodeKind, nodeState, NodeState, PlacementNode, utilization } from './node';
import { PlacementPolicy, roomSpread } from './policy';
import { rankByRendezvous } from './rendezvous';

export interface ViewerPlacement<Node> {
  node: Node;
  /** How many push nodes the room is spread over right now. */
  spread: number;
}

/**
 * Picks the push node for one viewer of a room. The room ranks the accepting nodes by rendezvous
 * hashing, so its viewers concentrate on its first few; it uses the first k, k growing with its
 * online count; of those the least loaded wins, near-ties broken by hashing room and viewer, so
 * the same viewer gets the same node while nodes and loads are unchanged.
 */
export function assignViewer<Node extends PlacementNode>(
  pushNodes: readonly Node[],
  viewer: { roomId: string; viewerKey: string; online: number },
  policy: PlacementPolicy,
): ViewerPlacement<Node> {
  const open = acceptingNodes(pushNodes, 'push', policy);
  const spread = roomSpread(viewer.online, policy.perNodeRoomTarget, open.length);
  const roomNodes = rankByRendezvous(open, viewer.roomId).slice(0, spread);
  return { node: leastLoaded(roomNodes, `${viewer.roomId}\n${viewer.viewerKey}`, policy), spread };
}

/** Picks the ingest node for a broadcaster: the least loaded, near-ties by hashing the room so a re-publish lands where it was. */
export function assignIngest<Node extends PlacementNode>(ingestNodes: readonly Node[], roomId: string, policy: PlacementPolicy): Node {
  return leastLoaded(acceptingNodes(ingestNodes, 'ingest', policy), roomId, policy);
}

/**
 * The nodes that may take new work: never draining or full ones; CPU-hot ones only when no other
 * node is left, because a slow join beats a failed one.
 */
function acceptingNodes<Node extends PlacementNode>(nodes: readonly Node[], kind: NodeKind, policy: PlacementPolicy): Node[] {
  const states: Partial<Record<NodeState, number>> = {};
  const byState = new Map<NodeState, Node[]>();
  for (const node of nodes) {
    const state = nodeState(node, policy.cpuCeiling);
    states[state] = (states[state] ?? 0) + 1;
    const same = byState.get(state);
    if (same) same.push(node);
    else byState.set(state, [node]);
  }
  const open = byState.get('accepting') ?? byState.get('cpu_hot');
  if (!open) throw new NoNodeAvailableError(kind, states);
  return open;
}

function leastLoaded<Node extends PlacementNode>(nodes: Node[], tieKey: string, policy: PlacementPolicy): Node {
  const lowest = Math.min(...nodes.map(utilization));
  const tied = nodes.filter((node) => utilization(node) <= lowest + policy.loadTieTolerance);
  return rankByRendezvous(tied, tieKey)[0];
}
