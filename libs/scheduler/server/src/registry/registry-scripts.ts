// The registry's keys share one hash tag, so these scripts touch a single Redis Cluster slot.
// KEYS[1] = info (HASH nodeId → JSON report), KEYS[2] = expiry (ZSET nodeId → expires at, ms),
// KEYS[3] = drain (HASH nodeId → '1' while an operator asks the node to drain). ioredis prefixes KEYS.

// Forgets nodes whose heartbeat expired (in bounded batches), with their drain requests.
const PURGE_EXPIRED = `
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, 500)
if #expired > 0 then
  redis.call('ZREM', KEYS[2], unpack(expired))
  redis.call('HDEL', KEYS[1], unpack(expired))
  redis.call('HDEL', KEYS[3], unpack(expired))
end
`;

/** ARGV: now, node id, report JSON, expires at. Returns whether an operator asked the node to drain. */
export const HEARTBEAT_SCRIPT = `${PURGE_EXPIRED}
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[2])
return redis.call('HEXISTS', KEYS[3], ARGV[2])
`;

// Liveness is read from the expiry itself, so a node is gone at its expiry even while purging lags.
const IS_LIVE = `
local function isLive(nodeId)
  local expires = redis.call('ZSCORE', KEYS[2], nodeId)
  return expires and tonumber(expires) > tonumber(ARGV[1])
end
`;

/** ARGV: now. Returns the live nodes' reports and the ids asked to drain. */
export const LIST_SCRIPT = `${PURGE_EXPIRED}
local live = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf')
if #live == 0 then return {{}, {}} end
return {redis.call('HMGET', KEYS[1], unpack(live)), redis.call('HKEYS', KEYS[3])}
`;

/** ARGV: now, node id, '1' to drain or '0' to resume. Returns the node's report, or nil when it is not registered. */
export const SET_DRAIN_SCRIPT = `${PURGE_EXPIRED}${IS_LIVE}
if not isLive(ARGV[2]) then return nil end
local report = redis.call('HGET', KEYS[1], ARGV[2])
if ARGV[3] == '1' then redis.call('HSET', KEYS[3], ARGV[2], '1') else redis.call('HDEL', KEYS[3], ARGV[2]) end
return report
`;
