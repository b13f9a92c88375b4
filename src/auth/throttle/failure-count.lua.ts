/**
 * Counts one attempt as a failure in every scope at once, inside Redis (EVALSHA), so that no attempt of
 * a burst, in this process or another, gets between another's check and its count. A sign-in counts its
 * attempt here BEFORE the password is checked, and TAKE_BACK_SCRIPT takes the count back if it was right.
 * The policy stays in TypeScript (throttle-policy.ts): each scope's waits arrive as a table.
 *
 * KEYS: for each scope, its failure count, its wait and its lock.
 * ARGV[1]: '1' refuses (counting nothing) while any scope waits or is locked; '0' counts regardless.
 * ARGV[2]: the attempt's token, the value of any wait or lock it sets (so only it takes them back).
 * ARGV[3]: how long a count is kept after its last failure, in ms.
 * Then for each scope: its lock's ms; the wait after its 1st, 2nd, … failure below the lock, in ms
 * (0: none), comma-separated. The failure after the last of these locks.
 *
 * Returns { 0, scope (1-based), 'lock' | 'delay', ms left } for the longest wait or lock when refused,
 * else { 1, then for each scope { failures, 'none' | 'delay' | 'lock', ms, 1 if this attempt set the lock,
 * when the count before this attempt would have been forgotten (epoch ms by Redis's clock, 0: none) } }.
 * A lock starts the count afresh: after it expires the free failures apply again.
 */
export const COUNT_FAILURE_SCRIPT = `
local token = ARGV[2]
local windowMs = tonumber(ARGV[3])
local scopes = #KEYS / 3
if ARGV[1] == '1' then
  local by, kind, longest = 0, '', 0
  for i = 1, scopes do
    local lockMs = redis.call('PTTL', KEYS[3 * i])
    local waitMs = redis.call('PTTL', KEYS[3 * i - 1])
    local ms, k = 0, ''
    if lockMs > 0 then ms, k = lockMs, 'lock' elseif waitMs > 0 then ms, k = waitMs, 'delay' end
    if ms > longest then by, kind, longest = i, k, ms end
  end
  if by > 0 then return { 0, by, kind, longest } end
end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local reply = { 1 }
for i = 1, scopes do
  local failures, wait, lock = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local lockMs = tonumber(ARGV[2 + 2 * i])
  local waits = {}
  for ms in string.gmatch(ARGV[3 + 2 * i], '%d+') do waits[#waits + 1] = tonumber(ms) end
  local previousTtl = redis.call('PTTL', failures)
  local count = redis.call('INCR', failures)
  redis.call('PEXPIRE', failures, windowMs)
  local outcome, ms, newly = 'none', 0, 0
  if count > #waits then
    outcome, ms = 'lock', lockMs
    if redis.call('SET', lock, token, 'PX', lockMs, 'NX') then newly = 1 end
    redis.call('DEL', failures, wait)
  elseif waits[count] > 0 then
    outcome, ms = 'delay', waits[count]
    redis.call('SET', wait, token, 'PX', ms)
  end
  local previousExpiry = 0
  if previousTtl > 0 then previousExpiry = now + previousTtl end
  reply[i + 1] = { count, outcome, ms, newly, previousExpiry }
end
return reply
`;

/**
 * Takes back an attempt COUNT_FAILURE_SCRIPT counted, once its password proved right: the wait or lock
 * it set (if still its own) goes, and its failure is uncounted. When nobody counted since, the count is
 * as it was before the attempt, expiry included; otherwise only this attempt's one failure comes off.
 *
 * KEYS: as counted (for each scope, its failure count, its wait and its lock).
 * ARGV[1]: the attempt's token. Then for each scope: '1' to forget its whole count (a right sign-in
 * password forgets the account's failures) or '0'; the count this attempt made; the previous count's
 * expiry as COUNT_FAILURE_SCRIPT answered it; '1' if this attempt's failure locked the scope.
 */
export const TAKE_BACK_SCRIPT = `
local token = ARGV[1]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
for i = 1, #KEYS / 3 do
  local failures, wait, lock = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local forget = ARGV[4 * i - 2] == '1'
  local counted = tonumber(ARGV[4 * i - 1])
  local previousExpiry = tonumber(ARGV[4 * i])
  local locked = ARGV[4 * i + 1] == '1'
  if redis.call('GET', wait) == token then redis.call('DEL', wait) end
  local ownLock = redis.call('GET', lock) == token
  if ownLock then redis.call('DEL', lock) end
  local current = tonumber(redis.call('GET', failures) or '0')
  local restore = false
  if forget then
    redis.call('DEL', failures)
  elseif locked then
    -- The lock consumed the count; unless it is still this attempt's, an unlock has forgotten it already.
    restore = ownLock
  elseif current == counted then
    restore = true
  elseif current > 0 then
    redis.call('DECR', failures)
  end
  if restore then
    if counted > 1 and previousExpiry > now then
      redis.call('SET', failures, counted - 1)
      redis.call('PEXPIREAT', failures, previousExpiry)
    else
      redis.call('DEL', failures)
    end
  end
end
return 1
`;
