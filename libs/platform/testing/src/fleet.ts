import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { dropDatabases } from './drop-databases';
import { dropTopics } from './drop-topics';
import { infraEnv, isolatedNamespace } from './infra-env';
import { workspaceRoot } from './workspace';

export interface RunningProcess {
  service: { name: string; app: string };
  child: ChildProcess;
  ports: Record<string, number>;
  exited: Promise<{ code: number | null; signal: string | null }>;
}

export interface TestFleet {
  namespace: string;
  databaseSuffix: string;
  /** The brokers this fleet's services use. */
  kafkaBrokers: string;
  running: RunningProcess[];
  /** The running process of one service (e.g. `gateway`, `danmaku-push-1`). */
  byName(name: string): RunningProcess;
  /** `http://127.0.0.1:<port>` of one of a service's ports. */
  url(name: string, port: string): string;
  /** Lines each service printed, for assertions about logs. */
  logs(name: string): string[];
  /**
   * Starts one more process of an app in this fleet (its environment and namespace, its own name
   * and ports, plus `env`) and waits until it is ready; stop() stops it with the rest.
   */
  startInstance(service: ServiceInstance, env?: Record<string, string>): Promise<RunningProcess>;
  /** Stops one process as the fleet would (SIGTERM, then SIGKILL after a grace period); one that already exited is left be. */
  stopInstance(running: RunningProcess): Promise<void>;
  stop(): Promise<void>;
}

/** A process of an app: its name in the fleet, and its ports before the fleet's offset. */
export interface ServiceInstance {
  name: string;
  app: string;
  ports: Record<string, number>;
}

export interface TestFleetOptions {
  /** Shifts every default port so a test fleet never collides with a dev fleet. */
  portOffset: number;
  only?: string[];
  env?: Record<string, string>;
  serviceEnv?: Record<string, Record<string, string>>;
  readyTimeoutMs?: number;
}

/** Secrets every test fleet shares, so a test can mint or check tokens and signatures itself. */
export const testSecrets = {
  JWT_HS256_SECRET: 'test-only-hs256-secret-0123456789abcdef',
  JOIN_TOKEN_SECRET: 'test-only-join-token-secret-0123456789ab',
  PLAYBACK_SIGNING_SECRET: 'test-only-playback-signing-secret-0123',
  STREAM_KEY_SECRET: 'test-only-stream-key-secret-0123456789',
  FLV_ORIGIN_SECRET: 'test-only-flv-origin-secret-0123456789ab',
  OPS_TOKEN: 'test-only-ops-token-0123456789abcdefghij',
} as const;

interface Supervisor {
  startFleet(options: object): Promise<{ running: RunningProcess[]; stop(): Promise<unknown> }>;
  startService(service: ServiceInstance, options: object): RunningProcess;
  waitReady(running: RunningProcess, deadlineMs: number): Promise<void>;
  stopService(running: RunningProcess): Promise<unknown>;
}

/**
 * Starts built services (`dist/`, OpenTelemetry preloaded: what production runs) against the
 * real MySQL/Redis/Kafka, isolated by a fresh namespace, through the same supervisor `npm start` uses.
 */
export async function startTestFleet(options: TestFleetOptions): Promise<TestFleet> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const supervisor = require(join(workspaceRoot(), 'tools/fleet/supervisor.cjs')) as Supervisor;
  const namespace = isolatedNamespace();
  const env: Record<string, string> = { ...infraEnv(), ...namespace.env, ...testSecrets, DEV_TOKENS_ENABLED: 'true', ...options.env };
  const logs = new Map<string, string[]>();
  // Below the 120 s hook timeout of fleet suites, so a slow start fails with its own story.
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  const startOptions = {
    portOffset: options.portOffset,
    databaseSuffix: namespace.databaseSuffix,
    env,
    rawLogs: true,
    print: (line: string, name: string) => {
      if (!logs.has(name)) logs.set(name, []);
      logs.get(name)!.push(line);
      if (process.env.FLEET_LOGS) process.stdout.write(`${line}\n`);
    },
  };
  const fleet = await supervisor.startFleet({ ...startOptions, only: options.only, serviceEnv: options.serviceEnv, readyTimeoutMs });
  const byName = (name: string) => {
    const found = fleet.running.find((r) => r.service.name === name);
    if (!found) throw new Error(`${name} is not part of this test fleet`);
    return found;
  };
  return {
    namespace: namespace.id,
    databaseSuffix: namespace.databaseSuffix,
    kafkaBrokers: env.KAFKA_BROKERS,
    running: fleet.running,
    byName,
    url: (name, port) => `http://127.0.0.1:${byName(name).ports[port]}`,
    logs: (name) => logs.get(name) ?? [],
    startInstance: async (service, extraEnv = {}) => {
      const running = supervisor.startService(service, { ...startOptions, env: { ...env, ...extraEnv } });
      // The supervisor's fleet stops what is in this list.
      fleet.running.push(running);
      await supervisor.waitReady(running, readyTimeoutMs);
      return running;
    },
    stopInstance: async (running) => {
      await supervisor.stopService(running);
    },
    stop: async () => {
      await fleet.stop();
      await Promise.all([dropDatabases(namespace.databaseSuffix), dropTopics(namespace.id, env.KAFKA_BROKERS)]);
    },
  };
}
