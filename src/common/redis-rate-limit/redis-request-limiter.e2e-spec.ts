import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { RATE_HEADROOM, RedisRequestLimiter } from './redis-request-limiter';
import { RequestLimit, RequestLimiter } from './request-limiter';
import { SharedLimitsRedis } from './shared-limits-redis';
import { sharedRedisPair } from './shared-limits-redis.spec-kit';

/** Two "processes" (two connections, two limiters) on the project's Redis, with this run's own keys. */
describe('RedisRequestLimiter (shared Redis budgets)', () => {
  const { prefix, redis } = sharedRedisPair('rl');
  // Budgets are keyed by what they count, not by QUEUE_PREFIX: this run's keys are its own.
  const run = randomBytes(4).toString('hex');
  const noFallback: RequestLimiter = { acquire: () => Promise.reject(new Error('Redis should have answered')) };

  it('spaces requests from two processes at the one rate: no one-second window holds more', async () => {
    const limiters = redis().map((r) => new RedisRequestLimiter(r, noFallback, 1000));
    const limit: RequestLimit = { key: `state-a-${run}`, ratePerSecond: 10, concurrency: Infinity };
    const started = Date.now();
    const admitted: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const end = await limiters[i % 2].acquire([limit]);
        admitted.push(Date.now() - started);
        end();
      }),
    );
    admitted.sort((a, b) => a - b);
    // 20 requests at 90% of 10/s with a burst of one: the last goes no sooner than 19 x 111 ms after the first.
    expect(admitted[19] - admitted[0]).toBeGreaterThanOrEqual(19 * Math.floor(1000 / (10 * RATE_HEADROOM)) - 20);
    const peak = Math.max(...admitted.map((t) => admitted.filter((u) => u >= t && u < t + 1000).length));
    expect(peak).toBeLessThanOrEqual(10);
  });

  it('caps requests in flight across processes', async () => {
    const limiters = redis().map((r) => new RedisRequestLimiter(r, noFallback, 1000));
    const limit: RequestLimit = { key: `state-b-${run}`, ratePerSecond: 1000, burst: 1000, concurrency: 2 };
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const end = await limiters[i % 2].acquire([limit]);
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 60));
        inFlight--;
        end();
      }),
    );
    expect(most).toBe(2);
  });

  it('falls back to the process limiter when Redis does not answer', async () => {
    const dead = new SharedLimitsRedis(AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), QUEUE_PREFIX: prefix, REDIS_URL: 'redis://127.0.0.1:9' }));
    let local = 0;
    const fallback: RequestLimiter = { acquire: () => Promise.resolve(() => void local++) };
    const end = await new RedisRequestLimiter(dead, fallback, 1000).acquire([{ key: `state-c-${run}`, ratePerSecond: 1, concurrency: Infinity }]);
    end();
    expect(local).toBe(1);
    dead.onApplicationShutdown();
  });
});
