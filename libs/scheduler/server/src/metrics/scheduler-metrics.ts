import { nodeKinds, nodeState, NodeState, PlacementPolicy, RegisteredNode } from '@ovation/scheduler-domain';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export type AssignmentKind = 'viewer' | 'ingest';
export type AssignmentOutcome = 'ok' | 'unavailable' | 'invalid' | 'error';

const nodeStates: NodeState[] = ['accepting', 'draining', 'full', 'cpu_hot'];

/** The scheduler's own series, beside the RED metrics every gRPC handler already gets. */
export class SchedulerMetrics {
  private readonly assignments: Counter<'kind' | 'outcome'>;
  private readonly heartbeats: Counter<'kind'>;
  private readonly spread: Histogram;

  constructor(
    registry: Registry,
    listNodes: () => Promise<RegisteredNode[]>,
    policy: PlacementPolicy,
    onCollectError: (error: unknown) => void,
  ) {
    this.assignments = new Counter({
      name: 'ovation_scheduler_assignments_total',
      help: 'Placement answers by kind (viewer, ingest) and outcome (ok, unavailable, invalid, error)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    });
    this.heartbeats = new Counter({
      name: 'ovation_scheduler_heartbeats_total',
      help: 'Node heartbeats received, by node kind',
      labelNames: ['kind'],
      registers: [registry],
    });
    this.spread = new Histogram({
      name: 'ovation_scheduler_room_spread_nodes',
      help: 'How many push nodes the room of each placed viewer was spread over',
      buckets: [1, 2, 3, 4, 6, 8, 12, 16, 32, 64],
      registers: [registry],
    });
    new Gauge({
      name: 'ovation_scheduler_nodes',
      help: 'Live registered nodes by kind and state (accepting, draining, full, cpu_hot), read from the registry at scrape time',
      labelNames: ['kind', 'state'],
      registers: [registry],
      async collect() {
        try {
          const nodes = await listNodes();
          for (const kind of nodeKinds) {
            for (const state of nodeStates) {
              this.set({ kind, state }, nodes.filter((n) => n.kind === kind && nodeState(n, policy.cpuCeiling) === state).length);
            }
          }
        } catch (error) {
          // A scrape must still answer when Redis does not; the last counts stay.
          onCollectError(error);
        }
      },
    });
  }

  assignment(kind: AssignmentKind, outcome: AssignmentOutcome): void {
    this.assignments.inc({ kind, outcome });
  }

  heartbeat(kind: string): void {
    this.heartbeats.inc({ kind });
  }

  viewerSpread(nodes: number): void {
    this.spread.observe(nodes);
  }
}
