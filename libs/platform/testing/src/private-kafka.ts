import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { workspaceRoot } from './workspace';

const run = promisify(execFile);

/** A Kafka broker of one test's own, to crash and restart without touching everyone else's. */
export interface PrivateKafka {
  /** `127.0.0.1:<port>`, for KAFKA_BROKERS. */
  brokers: string;
  /** A crash: SIGKILL, no orderly shutdown. */
  kill(): Promise<void>;
  /** Starts it again on the same data; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  stop(): Promise<void>;
}

/** Starts (formatting on first use) the broker `name` on 127.0.0.1:`port`, its controller on `port + 1`. */
export async function startPrivateKafka(name: string, port: number): Promise<PrivateKafka> {
  const cli = (command: string) =>
    run(process.execPath, [join(workspaceRoot(), 'tools/infra/broker.mjs'), command, '--name', name, '--port', String(port)], { timeout: 120_000 });
  const start = async () => {
    await cli('start');
  };
  await start();
  return {
    brokers: `127.0.0.1:${port}`,
    kill: async () => {
      await cli('kill');
    },
    start,
    stop: async () => {
      await cli('stop');
      rmSync(join(workspaceRoot(), '.ovation', name), { recursive: true, force: true });
    },
  };
}
