/**
 * The token bucket every Redis rate limit of the push tier shares, as Lua to prepend to a script:
 * `now` is Redis's own clock (TIME, in ms), so nodes with skewed clocks share one budget;
 * `level(key, burst, rate)` is the bucket's tokens now (a hash: tokens, at; full when absent,
 * rate per second); `store(key, tokens, burst, rate)` writes it back, to expire once it would be
 * full again anyway.
 */
export const TOKEN_BUCKET_LUA = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local function level(key, burst, rate)
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1]) or burst
  local at = tonumber(state[2]) or now
  return math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
end
local function store(key, tokens, burst, rate)
  redis.call('HSET', key, 'tokens', tokens, 'at', now)
  redis.call('PEXPIRE', key, math.ceil(burst * 1000 / rate) + 1000)
end
`;
