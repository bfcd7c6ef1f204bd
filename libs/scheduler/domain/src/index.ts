export { NoNodeAvailableError } from './errors';
export { hash32 } from './hash';
export { NodeKind, nodeKinds, NodeReport, nodeState, NodeState, PlacementNode, RegisteredNode, utilization } from './node';
export { assignIngest, assignViewer, ViewerPlacement } from './placement';
export { defaultPlacementPolicy, PlacementPolicy, roomSpread } from './policy';
export { rankByRendezvous } from './rendezvous';
export { validateNodeId, validateNodeReport, validateRoomId } from './validation';
