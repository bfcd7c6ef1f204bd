/** Removes a node from the node set once its hash expired, atomically, so a report racing it is never dropped. */
export const pruneNodeScript = `
if redis.call('EXISTS', KEYS[2]) == 0 then return redis.call('SREM', KEYS[1], ARGV[1]) end
return 0`;

/**
 * One page of a live-room ZSET after a (score, member) position, in ZSET order (score, then member
 * bytewise). Finds the first entry after the position by binary search inside the position's
 * score, so a page costs O(log n) whether or not the cursor's room is still there.
 * ARGV: score, member, limit, hasPosition ('1' | '0'). Returns [member, score, …].
 */
export const livePageScript = `
local key = KEYS[1]
local limit = tonumber(ARGV[3])
local lo = 0
local function lte(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a <= #b
end
if ARGV[4] == '1' then
  lo = redis.call('ZCOUNT', key, '-inf', '(' .. ARGV[1])
  local hi = redis.call('ZCOUNT', key, '-inf', ARGV[1])
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if lte(redis.call('ZRANGE', key, mid, mid)[1], ARGV[2]) then lo = mid + 1 else hi = mid end
  end
end
return redis.call('ZRANGE', key, lo, lo + limit - 1, 'WITHSCORES')`;

/** Takes or renews a lease: ARGV holder, ttl ms. 1 when the caller holds it now. */
export const leaseScript = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;
