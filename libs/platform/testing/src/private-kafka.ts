import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KeyPair } from './test-pki';
import { workspaceRoot } from './workspace';

const run = promisify(execFile);

/** A Kafka broker of one test's own, to crash and restart, or to listen with TLS and SASL, without touching everyone else's. */
export interface PrivateKafka {
  /** `127.0.0.1:<port>`, for KAFKA_BROKERS (the PLAINTEXT listener). */
  brokers: string;
  /** A crash: SIGKILL, no orderly shutdown. */
  kill(): Promise<void>;
  /** Starts it again on the same data; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  stop(): Promise<void>;
}

/** A client listener besides the broker's own PLAINTEXT one (tools/infra/kafka-config.mjs). */
export interface KafkaListener {
  /** Upper case, e.g. SECURE. */
  name: string;
  port: number;
  protocol: 'SSL' | 'SASL_SSL';
  /** The broker's certificate and key, the CA client certificates must chain to, and whether one is asked for. */
  tls: { server: KeyPair; ca: string; clientAuth: 'required' | 'requested' | 'none' };
  saslMechanisms?: Array<'SCRAM-SHA-256' | 'SCRAM-SHA-512' | 'PLAIN'>;
}

export interface PrivateKafkaOptions {
  listeners?: KafkaListener[];
  /** SASL users of every SASL listener (SCRAM credentials stored when the broker is formatted). */
  users?: Array<{ username: string; password: string }>;
}

/**
 * Starts a fresh broker `name` on 127.0.0.1:`port` (what a crashed run left under that name is
 * stopped and removed first), its controller on `port + 1`, with `listeners` besides. Their keys
 * and the users' passwords reach the broker in files readable by their owner only, never on a
 * command line.
 */
export async function startPrivateKafka(name: string, port: number, options: PrivateKafkaOptions = {}): Promise<PrivateKafka> {
  const secrets = mkdtempSync(join(tmpdir(), `ovation-${name}-`));
  chmodSync(secrets, 0o700);
  const spec = join(secrets, 'listeners.json');
  const listeners = (options.listeners ?? []).map(({ tls, ...listener }) => {
    // Kafka's PEM keystore: the key, then the certificate chain, in one file.
    const keystore = join(secrets, `${listener.name}.pem`);
    writeFileSync(keystore, Buffer.concat([readFileSync(tls.server.key), readFileSync(tls.server.cert)]), { mode: 0o600 });
    return { ...listener, tls: { keystore, truststore: tls.ca, clientAuth: tls.clientAuth } };
  });
  writeFileSync(spec, JSON.stringify({ listeners, users: options.users ?? [] }), { mode: 0o600 });
  const cli = (command: string) =>
    run(process.execPath, [join(workspaceRoot(), 'tools/infra/broker.mjs'), command, '--name', name, '--port', String(port), '--listeners', spec], { timeout: 120_000 });
  const start = async () => {
    await cli('start');
  };
  const stateDir = join(workspaceRoot(), '.ovation', name);
  // A crashed run's broker (its own ports, users and certificates) would be taken for this one.
  await cli('stop');
  rmSync(stateDir, { recursive: true, force: true });
  await start().catch((error) => {
    rmSync(secrets, { recursive: true, force: true });
    throw error;
  });
  return {
    brokers: `127.0.0.1:${port}`,
    kill: async () => {
      await cli('kill');
    },
    start,
    stop: async () => {
      await cli('stop');
      rmSync(stateDir, { recursive: true, force: true });
      rmSync(secrets, { recursive: true, force: true });
    },
  };
}
