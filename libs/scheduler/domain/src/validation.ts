import { ValidationError } from '@ovation/errors';
import { NodeKind, nodeKinds, NodeReport } from './node';

const MAX_ID_LENGTH = 128;

/** Schemes a node of each kind may advertise to clients. */
const addressSchemes: Record<NodeKind, string[]> = {
  push: ['ws:', 'wss:'],
  ingest: ['rtmp:', 'rtmps:'],
  playback: ['http:', 'https:'],
};

/** Checks one heartbeat; field names are the request's (`node.capacity`). */
export function validateNodeReport(report: NodeReport): NodeReport {
  requireId(report.nodeId, 'node.node_id');
  if (!nodeKinds.includes(report.kind)) throw new ValidationError('node.kind', `node.kind must be one of ${nodeKinds.join(', ')}`);
  requireAddress(report.address, addressSchemes[report.kind]);
  if (report.grpcAddress && !/^[^\s:/]+:\d{1,5}$/.test(report.grpcAddress)) {
    throw new ValidationError('node.grpc_address', 'node.grpc_address must be host:port');
  }
  if (!Number.isInteger(report.capacity) || report.capacity < 1) throw new ValidationError('node.capacity', 'node.capacity must be a positive integer');
  if (!Number.isInteger(report.load) || report.load < 0) throw new ValidationError('node.load', 'node.load must be a non-negative integer');
  if (!Number.isFinite(report.cpu) || report.cpu < 0 || report.cpu > 1) throw new ValidationError('node.cpu', 'node.cpu must be between 0 and 1');
  return report;
}

export function validateRoomId(roomId: string): string {
  return requireId(roomId, 'room_id');
}

export function validateNodeId(nodeId: string): string {
  return requireId(nodeId, 'node_id');
}

function requireId(value: string, field: string): string {
  if (!value || !value.trim()) throw new ValidationError(field, `${field} is required`);
  if (value.length > MAX_ID_LENGTH) throw new ValidationError(field, `${field} is longer than ${MAX_ID_LENGTH} characters`);
  return value;
}

function requireAddress(address: string, schemes: string[]): void {
  let url: URL | undefined;
  try {
    url = new URL(address);
  } catch {
    url = undefined;
  }
  if (!url || !schemes.includes(url.protocol) || !url.host) {
    throw new ValidationError('node.address', `node.address must be a ${schemes.map((s) => `${s}//`).join(' or ')} URL`);
  }
}
