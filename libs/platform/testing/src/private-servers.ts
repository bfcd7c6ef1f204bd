import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { freePort } from './free-port';
import type { KeyPair } from './test-pki';
import { waitFor } from './wait-for';
import { workspaceRoot } from './workspace';

const run = promisify(execFile);

export interface TlsServerFiles {
  /** The server's certificate and key. */
  server: KeyPair;
  /** The CA client certificates must chain to (a client certificate is asked for, not required). */
  ca: string;
}

export interface PrivateUser {
  username: string;
  password: string;
  /** MariaDB: the user must also present a client certificate the CA signed (REQUIRE X509). */
  requireClientCertificate?: boolean;
}

interface PrivateServer {
  stop(): Promise<void>;
}

/**
 * Starts a server of tools/infra/private-server.mjs (`redis` or `mysql`) under `name`, with the
 * directives `include` (written to a file readable by its owner only: it may hold passwords).
 */
async function startPrivateServer(kind: 'redis' | 'mysql', name: string, port: number, include: string): Promise<PrivateServer & { socket: string }> {
  const dir = mkdtempSync(join(tmpdir(), `ovation-${name}-`));
  chmodSync(dir, 0o700);
  const includeFile = join(dir, kind === 'redis' ? 'include.conf' : 'include.cnf');
  writeFileSync(includeFile, include, { mode: 0o600 });
  const cli = (command: string) =>
    run(process.execPath, [join(workspaceRoot(), 'tools/infra/private-server.mjs'), kind, command, '--name', name, '--port', String(port), '--include', includeFile], { timeout: 120_000 });
  try {
    const { stdout } = await cli('start');
    return {
      socket: (JSON.parse(stdout) as { socket: string }).socket,
      stop: async () => {
        await cli('stop');
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface PrivateRedisOptions {
  /** TLS only: no plaintext port. */
  tls: TlsServerFiles;
  /** The default user's password (`requirepass`); without it the default user is off. */
  password?: string;
  /** ACL users with every key and command. */
  users?: PrivateUser[];
}

function redisDirectives(tlsPort: number, { tls, password, users = [] }: PrivateRedisOptions): string[] {
  return [
    'port 0',
    `tls-port ${tlsPort}`,
    `tls-cert-file ${tls.server.cert}`,
    `tls-key-file ${tls.server.key}`,
    `tls-ca-cert-file ${tls.ca}`,
    'tls-auth-clients optional',
    password ? `requirepass ${password}` : 'user default off',
    ...users.map((u) => `user ${u.username} on >${u.password} ~* &* +@all`),
  ];
}

/** A Redis of one test's own, speaking only TLS on 127.0.0.1:`port`, with passwords. */
export async function startPrivateRedis(name: string, options: PrivateRedisOptions): Promise<PrivateServer & { port: number }> {
  const port = await freePort();
  const server = await startPrivateServer('redis', name, port, `${redisDirectives(port, options).join('\n')}\n`);
  return { port, stop: server.stop };
}

/**
 * A Redis Cluster of one test's own: `masters` nodes (no replicas) on 127.0.0.1, TLS only (the
 * cluster bus too), every slot assigned, `cluster_state:ok` on every node before it resolves.
 * The default user's password is required (`masterauth` too); `nodes` are the host:port seeds.
 */
export async function startPrivateRedisCluster(name: string, options: PrivateRedisOptions & { password: string; masters?: number }): Promise<PrivateServer & { nodes: string[] }> {
  const ports = await distinctFreePorts(2 * (options.masters ?? 3));
  const nodes = ports.filter((_, i) => i % 2 === 0).map((port, i) => ({ port, bus: ports[2 * i + 1] }));
  const servers: PrivateServer[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    await Promise.all(
      nodes.map(async ({ port, bus }, i) => {
        const directives = [...redisDirectives(port, options), 'cluster-enabled yes', `cluster-port ${bus}`, 'tls-cluster yes', `masterauth ${options.password}`, 'cluster-node-timeout 5000'];
        servers.push(await startPrivateServer('redis', `${name}-${i}`, port, `${directives.join('\n')}\n`));
      }),
    );
    const cli = (...args: string[]) =>
      run('redis-cli', ['--tls', '--cacert', options.tls.ca, ...args], { env: { ...process.env, REDISCLI_AUTH: options.password }, timeout: 30_000 });
    await cli('--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes');
    for (const { port } of nodes) {
      await waitFor(async () => ((await cli('-p', String(port), 'cluster', 'info')).stdout.includes('cluster_state:ok') ? true : undefined), 15_000, `the cluster's state on node ${port}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes: nodes.map((n) => `127.0.0.1:${n.port}`), stop };
}

export interface PrivateMysqlOptions {
  tls: TlsServerFiles;
  /** Users with every privilege, from any host. */
  users: PrivateUser[];
}

/**
 * A MariaDB of one test's own on 127.0.0.1 with TLS and `require_secure_transport`: a
 * connection without TLS is refused. Its data dir is kept for the next run (initializing one takes seconds).
 */
export async function startPrivateMysql(name: string, { tls, users }: PrivateMysqlOptions): Promise<PrivateServer & { port: number }> {
  const port = await freePort();
  const include = ['[mariadbd]', `ssl-ca=${tls.ca}`, `ssl-cert=${tls.server.cert}`, `ssl-key=${tls.server.key}`, 'require-secure-transport=ON', ''].join('\n');
  const server = await startPrivateServer('mysql', name, port, include);
  // Root on the unix socket needs no TLS: the users are made there, their passwords in parameters.
  const root = await createConnection({ socketPath: server.socket, user: 'root', password: '' });
  try {
    for (const { username, password, requireClientCertificate } of users) {
      await root.query(`CREATE OR REPLACE USER ?@'%' IDENTIFIED BY ?${requireClientCertificate ? ' REQUIRE X509' : ''}`, [username, password]);
      await root.query("GRANT ALL PRIVILEGES ON *.* TO ?@'%'", [username]);
    }
  } finally {
    await root.end();
  }
  return { port, stop: server.stop };
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
