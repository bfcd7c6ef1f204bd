import { schedulerV1 } from '@ovation/contracts';
import { createGrpcClient } from '@ovation/grpc';
import { PresenceReporter } from '@ovation/presence';
import { createRedis } from '@ovation/redis';
import { announceStreamsStarted, type TestFleet } from '@ovation/testing';

/** Registers nodes with the fleet's scheduler the way push and ingest nodes do: by heartbeat. */
export async function heartbeat(fleet: TestFleet, nodes: schedulerV1.NodeInfo[]): Promise<void> {
  const handle = createGrpcClient<schedulerV1.SchedulerServiceClient>({
    domain: 'scheduler',
    service: 'SchedulerService',
    address: `127.0.0.1:${fleet.byName('scheduler').ports.GRPC_PORT}`,
    defaultDeadlineMs: 5_000,
  });
  try {
    for (const node of nodes) await handle.client.heartbeat({ node });
  } finally {
    handle.close();
  }
}

export function pushNode(nodeId: string, address: string): schedulerV1.NodeInfo {
  return { nodeId, kind: schedulerV1.NodeKind.NODE_KIND_PUSH, address, grpcAddress: '127.0.0.1:1', capacity: 10_000, load: 0, cpu: 0.1, draining: false };
}

export function ingestNode(nodeId: string, address: string): schedulerV1.NodeInfo {
  return { nodeId, kind: schedulerV1.NodeKind.NODE_KIND_INGEST, address, grpcAddress: '127.0.0.1:1', capacity: 10, load: 0, cpu: 0.1, draining: false };
}

/** Plays an ingest node: tells room, through Kafka, that a room's stream started. */
export function startStreams(fleet: TestFleet, roomIds: string[]): Promise<void> {
  return announceStreamsStarted(fleet.namespace, roomIds);
}

/** Plays a push node: reports how many viewers each room has on it. */
export async function reportViewers(fleet: TestFleet, nodeId: string, counts: Record<string, number>): Promise<void> {
  const redis = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `${fleet.namespace}:` });
  try {
    const rooms = new Map(Object.entries(counts).map(([roomId, connections]) => [roomId, { connections, uniqueUsers: connections }]));
    await new PresenceReporter(redis, 120_000).report(nodeId, rooms);
  } finally {
    await redis.quit();
  }
}
