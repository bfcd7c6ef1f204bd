/**
 * One atomic decision per chat message, across every push node:
 * 1. a client message id already admitted answers 'duplicate' with what was recorded for it
 *    ('pending' while its first attempt is in flight, else its position);
 * 2. the user's token bucket in this room, then the room's, must hold a token (a refused
 *    message spends nothing): 'limited' with the milliseconds until one is back;
 * 3. otherwise both buckets pay one token and the id is marked pending: 'admitted'.
 * Time is Redis's own clock, so nodes with skewed clocks share one budget.
 * KEYS: user bucket, room bucket, sent marker (one hash tag: the room).
 * ARGV: user burst, user tokens per second, room burst, room tokens per second, pending ttl ms.
 */
export const ADMISSION_SCRIPT = `
local sent = redis.call('GET', KEYS[3])
if sent then return {'duplicate', sent} end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local function level(key, burst, rate)
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1]) or burst
  local at = tonumber(state[2]) or now
  return math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
end
local function refusal(tokens, rate)
  return {'limited', tostring(math.ceil((1 - tokens) * 1000 / rate))}
end
local userBurst, userRate = tonumber(ARGV[1]), tonumber(ARGV[2])
local roomBurst, roomRate = tonumber(ARGV[3]), tonumber(ARGV[4])
local user = level(KEYS[1], userBurst, userRate)
if user < 1 then return refusal(user, userRate) end
local room = level(KEYS[2], roomBurst, roomRate)
if room < 1 then return refusal(room, roomRate) end
redis.call('HSET', KEYS[1], 'tokens', user - 1, 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(userBurst * 1000 / userRate) + 1000)
redis.call('HSET', KEYS[2], 'tokens', room - 1, 'at', now)
redis.call('PEXPIRE', KEYS[2], math.ceil(roomBurst * 1000 / roomRate) + 1000)
redis.call('SET', KEYS[3], 'pending', 'PX', ARGV[5])
return {'admitted', ''}
`;
