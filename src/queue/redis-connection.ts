import type { RedisOptions } from 'ioredis';

/** BullMQ wants ioredis options, not a URL. maxRetriesPerRequest must be null for its blocking commands. */
export function redisConnectionOptions(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    // Reconnect at least every 2 s: BullMQ's own default backs off to 20 s, so a worker would sit idle
    // for up to 20 s after Redis returned from an outage of half a minute.
    retryStrategy: (times: number) => Math.min(250 * times, 2000),
  };
}

/**
 * For a process that only adds jobs (an HTTP request enqueueing after commit): with Redis gone a command
 * fails at once instead of waiting in ioredis' offline queue for the reconnection, and one that Redis
 * does not answer gives up after `commandTimeout`. Workers keep the options above: they should wait.
 */
export function producerConnectionOptions(url: string): RedisOptions {
  return {
    ...redisConnectionOptions(url),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
    connectTimeout: 2000,
    disconnectTimeout: 200,
  };
}
