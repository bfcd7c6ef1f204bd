import { NodeKind, NodeReport, RegisteredNode, validateNodeId, validateNodeReport } from '@ovation/scheduler-domain';
import type { SchedulerMetrics } from '../metrics/scheduler-metrics';
import type { NodeSnapshot } from '../placement/node-snapshot';
import type { NodeRegistry } from './node-registry';

export interface HeartbeatAnswer {
  /** When the node should report next. */
  intervalMs: number;
  /** An operator asked the node to drain: it should hand its clients over. */
  drain: boolean;
}

/** The registry's use cases: nodes report themselves, operators drain them, anyone lists them. */
export class NodesService {
  constructor(
    private readonly registry: NodeRegistry,
    private readonly snapshot: NodeSnapshot,
    private readonly metrics: SchedulerMetrics,
    private readonly heartbeatIntervalMs: number,
  ) {}

  async heartbeat(report: NodeReport): Promise<HeartbeatAnswer> {
    const { drainRequested } = await this.registry.heartbeat(validateNodeReport(report));
    this.metrics.heartbeat(report.kind);
    return { intervalMs: this.heartbeatIntervalMs, drain: drainRequested };
  }

  async setDraining(nodeId: string, draining: boolean): Promise<RegisteredNode> {
    const node = await this.registry.setDrainRequested(validateNodeId(nodeId), draining);
    this.snapshot.invalidate();
    return node;
  }

  list(kind?: NodeKind): Promise<RegisteredNode[]> {
    return this.registry.list(kind);
  }
}
