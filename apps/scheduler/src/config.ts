import { field, grpcServerFields, loadConfig, redisFields, serviceFields } from '@ovation/config';
import type { PlacementPolicy } from '@ovation/scheduler-domain';
import { z } from 'zod';

export const schedulerConfigSchema = z
  .object({
    ...serviceFields(9406),
    ...grpcServerFields(50053),
    ...redisFields(),
    /** A node that has not heartbeated for this long is forgotten. */
    NODE_TTL_MS: field.int(10_000, 1_000, 600_000),
    /** The interval nodes are told to heartbeat at; at most half the TTL, so one lost heartbeat never drops a node. */
    HEARTBEAT_INTERVAL_MS: field.int(3_000, 100, 300_000),
    /** Viewers of one room a push node should carry before the room spreads to one more node. */
    PER_NODE_ROOM_TARGET: field.int(2_000, 1, 10_000_000),
    /** Utilization differences (in percentage points) that count as ties, spread by hash instead of all going to the least loaded. */
    LOAD_TIE_TOLERANCE_PERCENT: field.int(5, 0, 100),
    /** A node whose CPU share reaches this percentage takes new work only when no cooler node can. */
    NODE_CPU_CEILING_PERCENT: field.int(95, 1, 100),
    /** How long one replica reuses its read of the registry for placement. */
    NODE_SNAPSHOT_MS: field.int(500, 0, 10_000),
  })
  .superRefine((config, ctx) => {
    if (config.HEARTBEAT_INTERVAL_MS * 2 > config.NODE_TTL_MS) {
      ctx.addIssue({ code: 'custom', path: ['HEARTBEAT_INTERVAL_MS'], message: `must be at most half of NODE_TTL_MS (${config.NODE_TTL_MS})` });
    }
  });

export type SchedulerConfig = z.output<typeof schedulerConfigSchema>;

export const loadSchedulerConfig = (): SchedulerConfig => loadConfig('scheduler', schedulerConfigSchema);

export function placementPolicy(config: SchedulerConfig): PlacementPolicy {
  return {
    perNodeRoomTarget: config.PER_NODE_ROOM_TARGET,
    loadTieTolerance: config.LOAD_TIE_TOLERANCE_PERCENT / 100,
    cpuCeiling: config.NODE_CPU_CEILING_PERCENT / 100,
  };
}
