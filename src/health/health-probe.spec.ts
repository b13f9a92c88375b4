import { DataSource } from 'typeorm';
import { HealthProbe, PROBE_TIMEOUT_MS } from './health-probe';
import { RedisHealth } from './redis-health';

const never = () => new Promise<never>(() => undefined);

function probe(db: () => Promise<unknown>, redis: () => Promise<boolean>): HealthProbe {
  return new HealthProbe({ query: db } as unknown as DataSource, { ping: redis } as unknown as RedisHealth);
}

describe('HealthProbe', () => {
  it('says which dependency is down', async () => {
    const refused = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    await expect(probe(refused, () => Promise.resolve(true)).check()).resolves.toEqual({ status: 'down', checks: { database: 'down', redis: 'up' } });
    await expect(
      probe(
        () => Promise.resolve([{ '?column?': 1 }]),
        () => Promise.resolve(false),
      ).check(),
    ).resolves.toEqual({
      status: 'down',
      checks: { database: 'up', redis: 'down' },
    });
    await expect(
      probe(
        () => Promise.resolve([]),
        () => Promise.resolve(true),
      ).check(),
    ).resolves.toEqual({ status: 'up', checks: { database: 'up', redis: 'up' } });
  });

  it('calls a dependency that does not answer within a second down, instead of hanging the probe', async () => {
    const started = Date.now();
    await expect(probe(never, never).check()).resolves.toEqual({ status: 'down', checks: { database: 'down', redis: 'down' } });
    const ms = Date.now() - started;
    expect(ms).toBeGreaterThanOrEqual(PROBE_TIMEOUT_MS - 20);
    expect(ms).toBeLessThan(PROBE_TIMEOUT_MS + 300);
  });
});
