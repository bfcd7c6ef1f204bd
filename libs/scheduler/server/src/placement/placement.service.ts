import { randomUUID } from 'node:crypto';
import { DomainError } from '@ovation/errors';
import {
  assignIngest,
  assignViewer,
  NoNodeAvailableError,
  PlacementPolicy,
  RegisteredNode,
  validateRoomId,
  ViewerPlacement,
} from '@ovation/scheduler-domain';
import type { Logger } from 'pino';
import type { AssignmentKind, SchedulerMetrics } from '../metrics/scheduler-metrics';
import type { NodeSnapshot } from './node-snapshot';
import type { RoomOnlineCounts } from './room-online-counts';

/** Answers "where does this viewer / broadcaster connect" from the registry and the rooms' online counts. */
export class PlacementService {
  constructor(
    private readonly snapshot: NodeSnapshot,
    private readonly onlineCounts: RoomOnlineCounts,
    private readonly policy: PlacementPolicy,
    private readonly metrics: SchedulerMetrics,
    private readonly logger: Logger,
  ) {}

  /** An anonymous viewer (no user id) has nothing to be stable about: it gets a random key, which spreads guests evenly. */
  assignViewer(roomId: string, userId: string): Promise<ViewerPlacement<RegisteredNode>> {
    return this.counted('viewer', async () => {
      validateRoomId(roomId);
      const [nodes, online] = await Promise.all([this.snapshot.nodes(), this.onlineOf(roomId)]);
      const pushNodes = nodes.filter((node) => node.kind === 'push');
      const placement = assignViewer(pushNodes, { roomId, viewerKey: userId || randomUUID(), online }, this.policy);
      this.metrics.viewerSpread(placement.spread);
      return placement;
    });
  }

  assignIngest(roomId: string): Promise<RegisteredNode> {
    return this.counted('ingest', async () => {
      validateRoomId(roomId);
      const nodes = await this.snapshot.nodes();
      return assignIngest(
        nodes.filter((node) => node.kind === 'ingest'),
        roomId,
        this.policy,
      );
    });
  }

  /** Without a count the room is placed as a small one (on its first node): worse spreading, never a failed join. */
  private async onlineOf(roomId: string): Promise<number> {
    try {
      return await this.onlineCounts.online(roomId);
    } catch (error) {
      this.logger.warn({ err: error, roomId }, 'online count unavailable; placing the room on one node');
      return 0;
    }
  }

  private async counted<T>(kind: AssignmentKind, assign: () => Promise<T>): Promise<T> {
    try {
      const result = await assign();
      this.metrics.assignment(kind, 'ok');
      return result;
    } catch (error) {
      this.metrics.assignment(kind, outcomeOf(error));
      throw error;
    }
  }
}

function outcomeOf(error: unknown): 'unavailable' | 'invalid' | 'error' {
  if (error instanceof NoNodeAvailableError) return 'unavailable';
  if (error instanceof DomainError && error.kind === 'invalid_argument') return 'invalid';
  return 'error';
}
