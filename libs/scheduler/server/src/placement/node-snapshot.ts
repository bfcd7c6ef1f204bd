import type { RegisteredNode } from '@ovation/scheduler-domain';
import type { NodeRegistry } from '../registry/node-registry';

/**
 * The registry as one replica last read it, reused for `maxAgeMs`. Loads only change with
 * heartbeats every few seconds, and a burst of joins to a hot room must not turn into one
 * registry read per viewer. Concurrent callers share one read.
 */
export class NodeSnapshot {
  private current?: { nodes: Promise<RegisteredNode[]>; readAt: number };

  constructor(
    private readonly registry: NodeRegistry,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  nodes(): Promise<RegisteredNode[]> {
    if (!this.current || this.now() - this.current.readAt >= this.maxAgeMs) {
      const nodes = this.registry.list();
      this.current = { nodes, readAt: this.now() };
      // A failed read must not be served to the callers that come after it.
      nodes.catch(() => {
        if (this.current?.nodes === nodes) this.invalidate();
      });
    }
    return this.current.nodes;
  }

  /** Forget the snapshot after a change this replica made itself (a drain request). */
  invalidate(): void {
    this.current = undefined;
  }
}
