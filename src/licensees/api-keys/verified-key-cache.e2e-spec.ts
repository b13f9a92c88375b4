import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { VerifiedKeyCache } from './verified-key-cache';

/** Two processes' caches on the project's Redis: a revocation in one empties the other at once. */
describe('VerifiedKeyCache across processes', () => {
  const config = AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), QUEUE_PREFIX: `vk${randomBytes(4).toString('hex')}` });
  const actor = (apiKeyId: string) => ({
    type: 'licensee' as const,
    id: 'l1',
    label: 'OCM-CULT-26-000001 key ab',
    licenseNumber: 'OCM-CULT-26-000001',
    apiKeyId,
  });
  let caches: VerifiedKeyCache[];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    caches = [new VerifiedKeyCache(config), new VerifiedKeyCache(config)];
    caches.forEach((c) => c.onModuleInit());
    // Subscribing takes a moment (longer on a loaded machine): the tests are about what happens after.
    for (let waited = 0; !caches.every((c) => c.listening) && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(caches.every((c) => c.listening)).toBe(true);
  });
  afterAll(() => caches.forEach((c) => c.onApplicationShutdown()));

  it('drops a key revoked in another process within milliseconds, and keeps the others', async () => {
    const [revoking, other] = caches;
    other.set('hash-a', actor('key-a'), other.current);
    other.set('hash-b', actor('key-b'), other.current);
    expect(other.get('hash-a')).toEqual(actor('key-a'));
    const started = performance.now();
    await revoking.revoked('key-a');
    while (other.get('hash-a') && performance.now() - started < 1000) await new Promise((r) => setTimeout(r, 2));
    expect(other.get('hash-a')).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(200);
    expect(other.get('hash-b')).toEqual(actor('key-b'));
  });

  it('does not cache a look-up that began before a revocation arrived', async () => {
    const [revoking, other] = caches;
    const since = other.current;
    await revoking.revoked('key-c');
    await new Promise((r) => setTimeout(r, 50));
    other.set('hash-c', actor('key-c'), since);
    expect(other.get('hash-c')).toBeUndefined();
  });

  it('caches nothing while its subscription is down', () => {
    const offline = new VerifiedKeyCache(AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), REDIS_URL: 'redis://127.0.0.1:9' }));
    offline.onModuleInit();
    offline.set('hash-d', actor('key-d'), offline.current);
    expect(offline.get('hash-d')).toBeUndefined();
    offline.onApplicationShutdown();
  });
});
