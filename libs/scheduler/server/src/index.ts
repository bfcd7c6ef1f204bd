export { nodeKindFromProto, nodeKindToProto, nodeReportFromProto, registeredNodeToProto } from './grpc/node-mapper';
export { AssignmentKind, AssignmentOutcome, SchedulerMetrics } from './metrics/scheduler-metrics';
export { NodeSnapshot } from './placement/node-snapshot';
export { PlacementService } from './placement/placement.service';
export { PresenceOnlineCounts } from './placement/presence-online-counts';
export { RoomOnlineCounts } from './placement/room-online-counts';
export { NodeRegistry } from './registry/node-registry';
export { HeartbeatAnswer, NodesService } from './registry/nodes.service';
