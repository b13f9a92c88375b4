/**
 * The errors ioredis and BullMQ raise when Redis cannot be reached in time. The routes that use Redis
 * handle an outage themselves (sign-in's 503, the enqueue's bounded wait, the shared limits' local
 * fallback); this is the HTTP filter's net for any path that lets one through: 503, not 500.
 */
export const REDIS_UNAVAILABLE_MESSAGE = 'Redis (queues and shared counters) is unavailable; try again shortly';

const MESSAGES = [
  /^Connection is closed\.?$/,
  /^Reached the max retries per request limit/,
  /^Stream isn't writeable and enableOfflineQueue options is false$/,
  /^Command timed out$/,
];

export function isRedisUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (name === 'MaxRetriesPerRequestError' || name === 'ConnectionClosedError') return true;
  return typeof message === 'string' && MESSAGES.some((m) => m.test(message));
}
