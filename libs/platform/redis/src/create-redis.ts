import type { TlsMaterial } from '@ovation/config';
import { Cluster, ClusterNode, Redis, RedisOptions as IoRedisOptions } from 'ioredis';

export interface RedisTls extends TlsMaterial {
  /** The name the certificates are checked against, when not the host connected to (Cluster nodes announce IPs). */
  servername?: string;
}

export interface RedisOptions {
  /** A standalone server, e.g. redis://127.0.0.1:6379 (rediss:// for TLS). */
  url?: string;
  /** Redis Cluster seed nodes as host:port; when given, a Cluster client is created and `url` is ignored. */
  clusterNodes?: string[];
  /** The ACL user (the default user when absent) and its password: for the server, or every Cluster node. */
  username?: string;
  password?: string;
  /**
   * TLS to the server or every Cluster node when present (a rediss:// url turns it on by itself):
   * certificates must chain to `ca` (Node's default CAs without one) and name the host.
   */
  tls?: RedisTls;
  /** Prepended to every key, so several fleets (or tests) can share one server. */
  keyPrefix?: string;
  /** Connect on the first command instead of at once. */
  lazyConnect?: boolean;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 1500;

export type RedisClient = Redis | Cluster;

/** One factory for standalone and Cluster, so services never care which one production runs. */
export function createRedis(options: RedisOptions): RedisClient {
  const connection: IoRedisOptions = {
    lazyConnect: options.lazyConnect ?? false,
    // A command fails after a few reconnect attempts instead of waiting forever for a dead server.
    maxRetriesPerRequest: 3,
    // Commands issued in one tick (and while the previous batch is on the wire) leave in one write:
    // on a busy service that is a fraction of the syscalls and round trips, and ordering is kept.
    enableAutoPipelining: true,
    // Absent keys stay absent: ioredis reads an explicit undefined as "none" over the URL's own.
    ...(options.username && { username: options.username }),
    ...(options.password && { password: options.password }),
    ...(options.tls && { tls: { ...options.tls } }),
  };
  if (options.clusterNodes?.length) {
    return new Cluster(options.clusterNodes.map(toClusterNode), {
      keyPrefix: options.keyPrefix,
      lazyConnect: connection.lazyConnect,
      enableAutoPipelining: connection.enableAutoPipelining,
      // Every node connection (seeds, and the nodes the slots map names later) authenticates and uses TLS.
      redisOptions: connection,
    });
  }
  if (!options.url) throw new Error('createRedis needs a url or clusterNodes');
  return new Redis(options.url, { ...connection, keyPrefix: options.keyPrefix });
}

/**
 * From now on, a command not answered within `timeoutMs` fails. Redis answers in well under a
 * millisecond; one that has not answered in over a second is down, wedged or cut off, and a
 * caller waiting on it (ioredis otherwise holds commands across reconnects whose back-off grows
 * to 2 s each) would outlive its own caller's deadline (gRPC's is 2 s) instead of degrading.
 * Services arm it once started: during start-up a busy event loop can read a prompt answer late.
 */
export function boundCommandTime(client: RedisClient, timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS): void {
  if (client instanceof Cluster) {
    // Node connections made from now on take it from redisOptions; those already made, directly.
    client.options.redisOptions = { ...client.options.redisOptions, commandTimeout: timeoutMs };
    for (const node of client.nodes()) node.options.commandTimeout = timeoutMs;
  } else {
    client.options.commandTimeout = timeoutMs;
  }
}

function toClusterNode(node: string): ClusterNode {
  const [host, port] = node.split(':');
  return { host, port: Number(port || 6379) };
}
