import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { ThrottleKey, ThrottleStore } from './throttle.store';

/**
 * Two API processes' throttle stores on the project's Redis: one answers "not locked out" from memory
 * for a polling address; the other locks that address after failed keys, and the first knows at once.
 */
describe('API-key address lock-out across processes (cached "clear")', () => {
  const config = AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), QUEUE_PREFIX: `tc${randomBytes(4).toString('hex')}` });
  const limits = { freeFailures: 0, lockFailures: 2 };
  let stores: ThrottleStore[];
  const address = (n: number): ThrottleKey => ({ scope: 'api-key-address', id: `10.9.0.${n}` });

  beforeAll(async () => {
    Logger.overrideLogger(false);
    stores = [new ThrottleStore(config), new ThrottleStore(config)];
    stores.forEach((s) => s.onModuleInit());
    // Subscribing takes a moment (longer on a loaded machine): the tests are about what happens after.
    for (let waited = 0; !stores.every((c) => c.listening) && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(stores.every((c) => c.listening)).toBe(true);
  });
  afterAll(() => stores.forEach((s) => s.onModuleDestroy()));

  it('a lock set through one process is seen by the other within milliseconds, though it had the address as clear', async () => {
    const [polling, failing] = stores;
    expect(await polling.blockedKnowingClear(address(1))).toBeNull();
    await failing.recordFailure(address(1), limits);
    // The first failure sets a wait (freeFailures 0): announced like a lock.
    const started = performance.now();
    let block = await polling.blockedKnowingClear(address(1));
    while (!block && performance.now() - started < 1000) {
      await new Promise((r) => setTimeout(r, 2));
      block = await polling.blockedKnowingClear(address(1));
    }
    expect(block).toMatchObject({ key: address(1), kind: 'delay' });
    expect(performance.now() - started).toBeLessThan(200);
    await failing.recordFailure(address(1), limits);
    await new Promise((r) => setTimeout(r, 50));
    expect(await polling.blockedKnowingClear(address(1))).toMatchObject({ kind: 'lock' });
  });

  it('answers a known-clear address without asking Redis, and other addresses are not affected by a lock', async () => {
    const [polling, failing] = stores;
    expect(await polling.blockedKnowingClear(address(2))).toBeNull();
    expect(await polling.blockedKnowingClear(address(3))).toBeNull();
    await failing.recordFailure(address(3), limits);
    await new Promise((r) => setTimeout(r, 50));
    expect(await polling.blockedKnowingClear(address(3))).not.toBeNull();
    expect(await polling.blockedKnowingClear(address(2))).toBeNull();
  });

  it('an unlock takes effect at once everywhere (only "clear" is remembered, never a block)', async () => {
    const [polling, failing] = stores;
    await failing.recordFailure(address(4), limits);
    await failing.recordFailure(address(4), limits);
    expect(await polling.blockedKnowingClear(address(4))).toMatchObject({ kind: 'lock' });
    await failing.clear(address(4), { lock: true });
    expect(await polling.blockedKnowingClear(address(4))).toBeNull();
  });
});
