/**
 * Takes up to ARGV[3] whole tokens from one bucket at once (a process's lease of a key's budget), on
 * the same bucket layout and clock as TAKE_SCRIPT, so both may draw on one key.
 *
 * KEYS[1]: the bucket (a hash: tokens, at). ARGV: rate per second, burst, tokens wanted (≥ 1).
 * Returns { granted, wait ms }: granted ≥ 1 and wait 0, or granted 0 and the milliseconds until one
 * token is there. Tokens are taken only when granted, so a refusal spends nothing.
 */
export const LEASE_SCRIPT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local level = tonumber(saved[1]) or burst
local at = tonumber(saved[2]) or now
if now > at then level = math.min(burst, level + (now - at) * rate / 1000) end
if level < 1 then return { 0, math.ceil((1 - level) * 1000 / rate) } end
local granted = math.min(wanted, math.floor(level))
redis.call('HSET', KEYS[1], 'tokens', tostring(level - granted), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return { granted, 0 }
`;
