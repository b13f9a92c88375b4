import Redis from 'ioredis';
import { isRedisUnavailable } from './redis-unavailable';

describe('isRedisUnavailable', () => {
  it('knows what ioredis answers while Redis is down (nothing listens on port 1)', async () => {
    const failFast = new Redis('redis://127.0.0.1:1', { enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null });
    const retrying = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 1, disconnectTimeout: 50 });
    failFast.on('error', () => undefined);
    retrying.on('error', () => undefined);
    try {
      const errors = await Promise.all([failFast.get('k').catch((e: unknown) => e), retrying.get('k').catch((e: unknown) => e)]);
      expect(errors.map((e) => isRedisUnavailable(e))).toEqual([true, true]);
    } finally {
      failFast.disconnect();
      retrying.disconnect();
    }
  });

  it('leaves other errors alone', () => {
    expect(isRedisUnavailable(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBe(false);
    expect(isRedisUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isRedisUnavailable(null)).toBe(false);
  });
});
