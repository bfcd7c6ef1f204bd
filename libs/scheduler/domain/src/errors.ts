import { DomainError } from '@ovation/errors';
import type { NodeKind, NodeState } from './node';

/** No registered node of a kind can take new work right now (gRPC UNAVAILABLE: callers fall back or retry). */
export class NoNodeAvailableError extends DomainError {
  constructor(kind: NodeKind, states: Partial<Record<NodeState, number>>) {
    const seen = Object.entries(states)
      .map(([state, count]) => `${count} ${state}`)
      .join(', ');
    super('unavailable', `no ${kind} node can take new work (${seen || 'none registered'})`, `no_${kind}_node`);
  }
}
