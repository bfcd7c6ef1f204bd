import { schedulerV1 } from '@ovation/contracts';
import { createGrpcClient } from '@ovation/grpc';
import { createLogger } from '@ovation/observability';
import type { NodeKind } from '@ovation/scheduler-domain';
import type { Logger } from 'pino';

export interface NodeHeartbeatOptions {
  /** host:port of the scheduler's gRPC server (SCHEDULER_GRPC_URL). */
  schedulerAddress: string;
  node: {
    nodeId: string;
    kind: NodeKind;
    /** What clients connect to: ws://host:port/ws (push), rtmp://host:port/live (ingest), http://host:port (playback). */
    address: string;
    /** host:port of this node's gRPC server, if it has one. */
    grpcAddress?: string;
    /** The most connections (push, playback) or streams (ingest) it takes. */
    capacity: number;
  };
  /** Sampled at every heartbeat: current connections or streams, and CPU share 0..1 (see cpuShareMeter). */
  load: () => { load: number; cpu: number };
  /** Fixed heartbeat interval; by default the node follows the interval the scheduler answers with. */
  intervalMs?: number;
  /** Deadline of each heartbeat call. */
  deadlineMs?: number;
  /** Where failures are logged (at warn); the service's logger. */
  logger?: Logger;
  /** Called when an operator asks this node to drain (true) or resume (false) through the scheduler. */
  onDrainRequest?: (drain: boolean) => void;
}

export interface NodeHeartbeat {
  /** Marks this node draining (no new work) or not, and reports it at once. Never rejects: a failed report is logged and the flag rides on every later heartbeat. */
  setDraining(draining: boolean): Promise<void>;
  /** Stops heartbeating after a last report marked draining, so nothing new is placed here while the registry forgets the node. */
  stop(): Promise<void>;
}

const FIRST_INTERVAL_MS = 3_000;
const DEFAULT_DEADLINE_MS = 2_000;
const FINAL_DEADLINE_MS = 1_000;
/** While the scheduler stays unreachable, warn on the first failure and then every this many. */
const WARN_EVERY_FAILURES = 10;

const protoKind: Record<NodeKind, schedulerV1.NodeKind> = {
  push: schedulerV1.NodeKind.NODE_KIND_PUSH,
  ingest: schedulerV1.NodeKind.NODE_KIND_INGEST,
  playback: schedulerV1.NodeKind.NODE_KIND_PLAYBACK,
};

/**
 * Registers this node with the scheduler and keeps it registered: a heartbeat now and then every
 * interval. A scheduler that is down or restarting costs a warning, never the node: heartbeats
 * keep trying, and the registry (in Redis) still holds the node until its TTL runs out.
 */
export function startNodeHeartbeat(options: NodeHeartbeatOptions): NodeHeartbeat {
  const logger = (options.logger ?? createLogger('scheduler-client')).child({ component: 'scheduler-heartbeat', nodeId: options.node.nodeId });
  const connect = () =>
    createGrpcClient<schedulerV1.SchedulerServiceClient>({
      domain: 'scheduler',
      service: 'SchedulerService',
      address: options.schedulerAddress,
      defaultDeadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
    });
  let grpc = connect();
  let intervalMs = options.intervalMs ?? FIRST_INTERVAL_MS;
  let draining = false;
  let drainRequested = false;
  let failures = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // Heartbeats go one at a time, in order: a draining flag is never overtaken by an older report.
  let queue: Promise<unknown> = Promise.resolve();

  const serially = (job: () => Promise<void>): Promise<void> => {
    const next = queue.then(job);
    queue = next.catch(() => undefined);
    return next;
  };

  const beat = async (deadlineMs?: number): Promise<void> => {
    try {
      const answer = await grpc.client.heartbeat({ node: nodeInfo() }, { deadlineMs });
      if (failures) logger.info({ failures }, 'scheduler reachable again');
      failures = 0;
      if (!options.intervalMs && answer.intervalMs > 0) intervalMs = answer.intervalMs;
      if (answer.drain !== drainRequested) {
        drainRequested = answer.drain;
        notifyDrainRequest(answer.drain);
      }
    } catch (error) {
      // A fresh channel dials at the next heartbeat; the old one would wait out its growing
      // reconnect backoff (up to minutes) and could let the node expire after the scheduler is back.
      grpc.close();
      grpc = connect();
      failures += 1;
      if (failures === 1 || failures % WARN_EVERY_FAILURES === 0) {
        logger.warn({ err: error, failures, scheduler: options.schedulerAddress }, 'heartbeat to the scheduler failed; will retry');
      }
    }
  };

  const beatAndReschedule = (): Promise<void> =>
    serially(async () => {
      clearTimeout(timer);
      await beat();
      if (!stopped) timer = setTimeout(() => void beatAndReschedule(), intervalMs).unref();
    });

  const nodeInfo = (): schedulerV1.NodeInfo => {
    const sample = sampleLoad();
    return {
      nodeId: options.node.nodeId,
      kind: protoKind[options.node.kind],
      address: options.node.address,
      grpcAddress: options.node.grpcAddress ?? '',
      capacity: options.node.capacity,
      load: sample.load,
      cpu: sample.cpu,
      draining,
    };
  };

  let lastSample = { load: 0, cpu: 0 };
  const sampleLoad = () => {
    try {
      const { load, cpu } = options.load();
      lastSample = { load: Math.max(0, Math.round(load) || 0), cpu: Math.min(1, Math.max(0, cpu || 0)) };
    } catch (error) {
      logger.warn({ err: error }, 'load sampler failed; reporting the previous sample');
    }
    return lastSample;
  };

  const notifyDrainRequest = (drain: boolean) => {
    try {
      options.onDrainRequest?.(drain);
    } catch (error) {
      logger.warn({ err: error, drain }, 'onDrainRequest handler failed');
    }
  };

  void beatAndReschedule();

  return {
    setDraining: async (value) => {
      if (stopped) return;
      draining = value;
      await beatAndReschedule();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await serially(async () => {
        draining = true;
        await beat(Math.min(FINAL_DEADLINE_MS, options.deadlineMs ?? DEFAULT_DEADLINE_MS));
      });
      grpc.close();
    },
  };
}
