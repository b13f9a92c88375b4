/**
 * One atomic admission decision over several limits, run inside Redis (EVALSHA), so that every API
 * and worker process draws on the same budgets. Time is Redis's own clock (TIME): the processes'
 * clocks may disagree, Redis's is one.
 *
 * KEYS: for each limit, its bucket (a hash: tokens, at) then its holders (a sorted set: holder -> lease end).
 * ARGV: holder id, lease ms, then for each limit: rate per second, burst, concurrency (0: no cap).
 * Returns 0 when the request is admitted (a token taken from every bucket, the holder added to every
 * capped set), otherwise the milliseconds to wait before asking again; nothing is taken then, so a
 * budget is never spent on a request that did not go.
 *
 * A holder's lease ends by itself: a process killed mid-request does not hold a slot for ever.
 */
export const TAKE_SCRIPT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local holder = ARGV[1]
local lease = tonumber(ARGV[2])
local limits = #KEYS / 2
local wait = 0
local levels = {}
for i = 1, limits do
  local rate = tonumber(ARGV[3 + (i - 1) * 3])
  local burst = tonumber(ARGV[4 + (i - 1) * 3])
  local concurrency = tonumber(ARGV[5 + (i - 1) * 3])
  local saved = redis.call('HMGET', KEYS[2 * i - 1], 'tokens', 'at')
  local level = tonumber(saved[1]) or burst
  local at = tonumber(saved[2]) or now
  if now > at then level = math.min(burst, level + (now - at) * rate / 1000) end
  levels[i] = level
  if level < 1 then wait = math.max(wait, math.ceil((1 - level) * 1000 / rate)) end
  if concurrency > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[2 * i], '-inf', now)
    if redis.call('ZCARD', KEYS[2 * i]) >= concurrency then wait = math.max(wait, 20) end
  end
end
if wait > 0 then return wait end
for i = 1, limits do
  local rate = tonumber(ARGV[3 + (i - 1) * 3])
  local burst = tonumber(ARGV[4 + (i - 1) * 3])
  local concurrency = tonumber(ARGV[5 + (i - 1) * 3])
  redis.call('HSET', KEYS[2 * i - 1], 'tokens', tostring(levels[i] - 1), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[2 * i - 1], math.ceil(burst * 1000 / rate) + 1000)
  if concurrency > 0 then
    redis.call('ZADD', KEYS[2 * i], now + lease, holder)
    redis.call('PEXPIRE', KEYS[2 * i], lease + 1000)
  end
end
return 0
`;
