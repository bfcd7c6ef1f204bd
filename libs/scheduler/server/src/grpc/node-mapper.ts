import { schedulerV1 } from '@ovation/contracts';
import { ValidationError } from '@ovation/errors';
import type { NodeKind, NodeReport, RegisteredNode } from '@ovation/scheduler-domain';

const fromProto: Partial<Record<schedulerV1.NodeKind, NodeKind>> = {
  [schedulerV1.NodeKind.NODE_KIND_PUSH]: 'push',
  [schedulerV1.NodeKind.NODE_KIND_INGEST]: 'ingest',
  [schedulerV1.NodeKind.NODE_KIND_PLAYBACK]: 'playback',
};

const toProto: Record<NodeKind, schedulerV1.NodeKind> = {
  push: schedulerV1.NodeKind.NODE_KIND_PUSH,
  ingest: schedulerV1.NodeKind.NODE_KIND_INGEST,
  playback: schedulerV1.NodeKind.NODE_KIND_PLAYBACK,
};

/** The kind a request filters by; undefined for NODE_KIND_UNSPECIFIED (every kind). */
export function nodeKindFromProto(kind: schedulerV1.NodeKind): NodeKind | undefined {
  return fromProto[kind];
}

export function nodeKindToProto(kind: NodeKind): schedulerV1.NodeKind {
  return toProto[kind];
}

/** A heartbeat's NodeInfo as the domain's report; an unknown kind is left for validation to name. */
export function nodeReportFromProto(info: schedulerV1.NodeInfo | null | undefined): NodeReport {
  if (!info) throw new ValidationError('node', 'node is required');
  return {
    nodeId: info.nodeId,
    kind: fromProto[info.kind] ?? (info.kind as unknown as NodeKind),
    address: info.address,
    grpcAddress: info.grpcAddress,
    capacity: info.capacity,
    load: info.load,
    cpu: info.cpu,
    draining: info.draining,
  };
}

/** A node as callers see it: `draining` is true when the node drains itself or an operator asked it to. */
export function registeredNodeToProto(node: RegisteredNode): schedulerV1.RegisteredNode {
  return {
    info: {
      nodeId: node.nodeId,
      kind: nodeKindToProto(node.kind),
      address: node.address,
      grpcAddress: node.grpcAddress,
      capacity: node.capacity,
      load: node.load,
      cpu: node.cpu,
      draining: node.draining || node.drainRequested,
    },
    lastSeen: String(node.lastSeenMs),
  };
}
