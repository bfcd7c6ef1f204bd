/**
 * Appends events to a room's history idempotently (every push node appends every event; a
 * member is the position plus the event's bytes, so the same event twice is one member), keeps
 * the newest ARGV[1] and records the highest position trimmed away, so a resume can tell
 * whether anything after a client's position is gone.
 * KEYS: history zset, floor. ARGV: maxEvents, ttlMs, then score, member pairs.
 */
export const APPEND_SCRIPT = `
for i = 3, #ARGV, 2 do
  redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1])
end
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[1])
if excess > 0 then
  local last = redis.call('ZRANGE', KEYS[1], excess - 1, excess - 1, 'WITHSCORES')
  local trimmed = tonumber(last[2])
  local floor = tonumber(redis.call('GET', KEYS[2]) or '0')
  if trimmed > floor then redis.call('SET', KEYS[2], last[2]) end
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1)
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
return excess
`;

/**
 * One consistent read for a resume: the trim floor, the oldest kept position and every kept
 * event after ARGV[1]. KEYS: history zset, floor.
 */
export const READ_AFTER_SCRIPT = `
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {
  redis.call('GET', KEYS[2]) or false,
  oldest[2] or false,
  redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf')
}
`;
