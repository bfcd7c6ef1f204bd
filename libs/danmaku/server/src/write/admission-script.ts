import { TOKEN_BUCKET_LUA } from '../limits/token-bucket-lua';

/**
 * One atomic decision per chat message, across every push node:
 * 1. a client message id already admitted answers 'duplicate' with what was recorded for it
 *    ('pending' while its first attempt is in flight, else its position);
 * 2. the user's token bucket in this room, then the room's, must hold a token (a refused
 *    message spends nothing): 'limited' with the milliseconds until one is back;
 * 3. otherwise both buckets pay one token and the id is marked pending: 'admitted'.
 * The buckets are TOKEN_BUCKET_LUA's.
 * KEYS: user bucket, room bucket, sent marker (one hash tag: the room).
 * ARGV: user burst, user tokens per second, room burst, room tokens per second, pending ttl ms.
 */
export const ADMISSION_SCRIPT = `${TOKEN_BUCKET_LUA}
local sent = redis.call('GET', KEYS[3])
if sent then return {'duplicate', sent} end
local function refusal(tokens, rate)
  return {'limited', tostring(math.ceil((1 - tokens) * 1000 / rate))}
end
local userBurst, userRate = tonumber(ARGV[1]), tonumber(ARGV[2])
local roomBurst, roomRate = tonumber(ARGV[3]), tonumber(ARGV[4])
local user = level(KEYS[1], userBurst, userRate)
if user < 1 then return refusal(user, userRate) end
local room = level(KEYS[2], roomBurst, roomRate)
if room < 1 then return refusal(room, roomRate) end
store(KEYS[1], user - 1, userBurst, userRate)
store(KEYS[2], room - 1, roomBurst, roomRate)
redis.call('SET', KEYS[3], 'pending', 'PX', ARGV[5])
return {'admitted', ''}
`;
