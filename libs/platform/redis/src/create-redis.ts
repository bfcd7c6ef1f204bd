import { Cluster, ClusterNode, Redis, RedisOptions as IoRedisOptions } from 'ioredis';

export interface RedisOptions {
  /** A standalone server, e.g. redis://127.0.0.1:6379. */
  url?: string;
  /** Redis Cluster seed nodes as host:port; when given, a Cluster client is created and `url` is ignored. */
  clusterNodes?: string[];
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
  };
  if (options.clusterNodes?.length) {
    return new Cluster(options.clusterNodes.map(toClusterNode), {
      keyPrefix: options.keyPrefix,
      lazyConnect: connection.lazyConnect,
      enableAutoPipelining: connection.enableAutoPipelining,
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
