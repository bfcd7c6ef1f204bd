// Every presence key carries the `{presence}` hash tag: on a Redis Cluster they share one slot, so a
// report is one MULTI and the scripts may touch several keys. The data is small (counts per node
// and per live room), so one slot is no hot spot. REDIS_KEY_PREFIX is added by the client.
const tag = 'presence:{presence}';

export const PresenceKeys = {
  /** SET of node ids that reported; pruned once a node's hash expired. */
  nodes: `${tag}:nodes`,
  /** HASH roomId → `connections:uniqueUsers` of one node, expiring unless the node reports again. */
  node: (nodeId: string) => `${tag}:node:${nodeId}`,
  /** ZSET of live rooms, score = −connections: ascending order is most watched first, then by id. */
  live: `${tag}:live`,
  /** The same, for one category. */
  liveInCategory: (category: string) => `${tag}:live:category:${category}`,
  /** HASH roomId → category of every live room, to keep the category sets in step. */
  liveCategories: `${tag}:live-categories`,
  /** The aggregator instance that publishes counts this period (one at a time, however many run). */
  publisherLease: `${tag}:publisher`,
} as const;
