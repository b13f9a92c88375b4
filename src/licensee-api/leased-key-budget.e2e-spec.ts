import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { SharedLimitsRedis } from '../common/redis-rate-limit/shared-limits-redis';
import { AppConfig } from '../config/app-config';
import { LeasedKeyBudget } from './leased-key-budget';

/** Two "processes" (two connections, two budgets) leasing from one shared bucket on the project's Redis, with this run's own keys. */
describe('LeasedKeyBudget on the shared Redis bucket', () => {
  const prefix = `lk${randomBytes(4).toString('hex')}`;
  const run = randomBytes(4).toString('hex');
  const config = AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), QUEUE_PREFIX: prefix });
  let redis: SharedLimitsRedis[];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    redis = [new SharedLimitsRedis(config), new SharedLimitsRedis(config)];
    // The connection is made at construction; a lease refuses to queue behind it.
    await new Promise((r) => setTimeout(r, 300));
  });
  afterAll(() => redis.forEach((r) => r.onApplicationShutdown()));

  it('answers a licensee key at once: its burst, then 429 with Retry-After, the same budget in both processes', async () => {
    const keys = redis.map(
      (r) => new LeasedKeyBudget({ lease: (key, wanted) => r.lease({ key, ratePerSecond: 1, burst: 3 }, wanted) }, { ratePerSecond: 1, burst: 3 }),
    );
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await keys[i % 2].take(`licensee-key:${run}`));
    expect(answers).toEqual([
      { allowed: true, retryAfterSeconds: 0 },
      { allowed: true, retryAfterSeconds: 0 },
      { allowed: true, retryAfterSeconds: 0 },
      { allowed: false, retryAfterSeconds: 1 },
    ]);
  });

  it('a key polled hard through two processes that lease tokens in bulk gets its rate once, not twice', async () => {
    const limit = { ratePerSecond: 320, burst: 320 };
    const keys = redis.map((r) => new LeasedKeyBudget({ lease: (key, wanted) => r.lease({ key, ...limit }, wanted) }, limit));
    const started = Date.now();
    let allowed = 0;
    // Four pollers per process, each asking as fast as it is answered, for 600 ms.
    await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        while (Date.now() - started < 600) if ((await keys[i % 2].take(`licensee-key:hard-${run}`)).allowed) allowed++;
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    // Never more than the burst plus what the rate refilled meanwhile, across both processes together;
    // and leases lose at most a few tokens: most of that budget is spent.
    expect(allowed).toBeLessThanOrEqual(Math.ceil(limit.burst + limit.ratePerSecond * seconds));
    expect(allowed).toBeGreaterThan(limit.burst);
  });
});
