import { randomBytes } from 'node:crypto';
import { sharedRedisPair } from '../common/redis-rate-limit/shared-limits-redis.spec-kit';
import { LeasedKeyBudget } from './leased-key-budget';

/** Two "processes" (two connections, two budgets) leasing from one shared bucket on the project's Redis, with this run's own keys. */
describe('LeasedKeyBudget on the shared Redis bucket', () => {
  const { redis } = sharedRedisPair('lk');
  const run = randomBytes(4).toString('hex');

  it('answers a licensee key at once: its burst, then 429 with Retry-After, the same budget in both processes', async () => {
    const keys = redis().map(
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
    const keys = redis().map((r) => new LeasedKeyBudget({ lease: (key, wanted) => r.lease({ key, ...limit }, wanted) }, limit));
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
