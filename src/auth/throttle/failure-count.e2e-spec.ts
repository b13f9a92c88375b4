import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { ScopeLimits } from './throttle-policy';
import { ReserveAnswer, ThrottleKey, ThrottleStore } from './throttle.store';

/**
 * The failure-count scripts on the project's Redis, through two stores (two API processes): an attempt
 * is counted before its password is checked, atomically with the check for a wait or lock, and taken
 * back when the password proves right.
 */
describe('counting attempts before their password is checked (Redis scripts)', () => {
  const prefix = `fc${randomBytes(4).toString('hex')}`;
  const config = AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), QUEUE_PREFIX: prefix, THROTTLE_DELAY_BASE_MS: '1000' });
  const account = { freeFailures: 3, lockFailures: 10 };
  const address = { freeFailures: 5, lockFailures: 6 };
  let stores: ThrottleStore[];
  let redis: Redis;
  let n = 0;
  const scopes = (): Array<[ThrottleKey, ScopeLimits]> => {
    n++;
    return [
      [{ scope: 'login-account', id: `acct${n}` }, account],
      [{ scope: 'login-address', id: `10.8.0.${n}` }, address],
    ];
  };
  const raw = async (key: ThrottleKey) => {
    const base = `${prefix}:throttle:${key.scope}:${key.id}`;
    const [failures, failuresTtl, wait, lock] = await Promise.all([
      redis.get(`${base}:failures`),
      redis.pttl(`${base}:failures`),
      redis.pttl(`${base}:wait`),
      redis.pttl(`${base}:lock`),
    ]);
    return { failures: Number(failures ?? 0), failuresTtl, waiting: wait > 0, locked: lock > 0 };
  };
  const reserved = (answer: ReserveAnswer) => {
    if (answer.kind !== 'reserved') throw new Error(`refused: ${JSON.stringify(answer.block)}`);
    return answer.reservation;
  };

  beforeAll(() => {
    Logger.overrideLogger(false);
    stores = [new ThrottleStore(config), new ThrottleStore(config)];
    redis = new Redis(config.redisUrl);
  });
  afterAll(async () => {
    stores.forEach((s) => s.onModuleDestroy());
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('a burst over two processes gets exactly the policy’s attempts; the rest are refused and counted nowhere', async () => {
    const s = scopes();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => stores[i % 2].reserve(s)));
    const counted = answers.filter((a) => a.kind === 'reserved');
    // 3 free failures, then the 4th earns a wait (1 s): the 5th and later are refused during it.
    expect(counted).toHaveLength(4);
    expect(answers.filter((a) => a.kind === 'refused').every((a) => a.kind === 'refused' && a.block.kind === 'delay')).toBe(true);
    expect(await raw(s[0][0])).toMatchObject({ failures: 4, waiting: true, locked: false });
    expect(await raw(s[1][0])).toMatchObject({ failures: 4, waiting: false });
  });

  it('the attempt reaching the lock sets it at once (one per scope, newly locked exactly once)', async () => {
    const s = scopes();
    // No waits for this test: the address locks at 6 before the account's 10.
    const lockOnly = new ThrottleStore(AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), QUEUE_PREFIX: prefix, THROTTLE_DELAY_BASE_MS: '0' }));
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => lockOnly.reserve(s)));
      const counted = answers.flatMap((a) => (a.kind === 'reserved' ? [a.reservation] : []));
      expect(counted).toHaveLength(6);
      const locks = counted.flatMap((r) => r.counted.filter((c) => c.outcome.kind === 'lock'));
      expect(locks.map((c) => [c.key.scope, c.failures, c.newlyLocked])).toEqual([['login-address', 6, true]]);
      expect(await raw(s[1][0])).toMatchObject({ failures: 0, locked: true });
      expect(await raw(s[0][0])).toMatchObject({ failures: 6, locked: false });
    } finally {
      lockOnly.onModuleDestroy();
    }
  });

  it('taking back a right password’s attempt leaves the counts as they were, expiry included', async () => {
    const s = scopes();
    for (let i = 0; i < 2; i++) reserved(await stores[0].reserve(s));
    const before = await Promise.all(s.map(([key]) => raw(key)));
    await new Promise((r) => setTimeout(r, 50));
    const attempt = reserved(await stores[1].reserve(s));
    expect(attempt.counted.map((c) => c.failures)).toEqual([3, 3]);
    await stores[0].takeBack(attempt);
    const after = await Promise.all(s.map(([key]) => raw(key)));
    expect(after.map((a) => a.failures)).toEqual(before.map((b) => b.failures));
    // The count expires when it would have (not a full window after the right password).
    after.forEach((a, i) => expect(Math.abs(a.failuresTtl - (before[i].failuresTtl - 50))).toBeLessThan(40));
  });

  it('a right password that would have earned a wait or a lock lifts it again; a sign-in forgets the account’s count', async () => {
    const s = scopes();
    for (let i = 0; i < 3; i++) reserved(await stores[0].reserve(s));
    const fourth = reserved(await stores[0].reserve(s));
    expect(await raw(s[0][0])).toMatchObject({ failures: 4, waiting: true });
    await stores[1].takeBack(fourth, ['login-account']);
    expect(await raw(s[0][0])).toMatchObject({ failures: 0, waiting: false });
    expect(await raw(s[1][0])).toMatchObject({ failures: 3, waiting: false });

    // The address's 6th failure locks it; a right password in that attempt takes the lock back.
    reserved(await stores[0].reserve(s));
    reserved(await stores[0].reserve(s));
    const sixth = reserved(await stores[0].reserve(s));
    expect(sixth.counted[1]).toMatchObject({ failures: 6, outcome: { kind: 'lock' }, newlyLocked: true });
    expect(await raw(s[1][0])).toMatchObject({ failures: 0, locked: true });
    await stores[1].takeBack(sixth);
    expect(await raw(s[1][0])).toMatchObject({ failures: 5, locked: false });
  });

  it('takes back only its own failure, wait and lock when others counted meanwhile or an admin unlocked', async () => {
    const s = scopes();
    const mine = reserved(await stores[0].reserve(s));
    const theirs = reserved(await stores[1].reserve(s));
    expect(theirs.counted[0].failures).toBe(2);
    await stores[0].takeBack(mine);
    expect(await raw(s[0][0])).toMatchObject({ failures: 1 });

    // A wait set by another attempt is not this one's to lift.
    for (let i = 0; i < 2; i++) reserved(await stores[1].reserve(s));
    const early = reserved(await stores[1].reserve(s));
    await redis.set(`${prefix}:throttle:login-account:${s[0][0].id}:wait`, 'someone else', 'PX', 5000);
    await stores[0].takeBack(early);
    expect(await raw(s[0][0])).toMatchObject({ failures: 3, waiting: true });

    // An unlock while the locking attempt was checked already forgot its count: nothing to restore.
    const other: Array<[ThrottleKey, ScopeLimits]> = [
      [
        { scope: 'login-address', id: `10.8.1.${n}` },
        { freeFailures: 6, lockFailures: 6 },
      ],
    ];
    for (let i = 0; i < 5; i++) reserved(await stores[0].reserve(other));
    const locking = reserved(await stores[0].reserve(other));
    await stores[1].clear(other[0][0], { lock: true });
    reserved(await stores[1].reserve(other));
    await stores[0].takeBack(locking);
    expect(await raw(other[0][0])).toMatchObject({ failures: 1, locked: false });
  });

  it('counts a wrong API key regardless of its address’s wait (recordFailure), as before', async () => {
    const key: ThrottleKey = { scope: 'api-key-address', id: `10.7.0.${n}` };
    const limits = { freeFailures: 0, lockFailures: 3 };
    expect(await stores[0].recordFailure(key, limits)).toEqual({ failures: 1, outcome: { kind: 'delay', ms: 1000 }, newlyLocked: false });
    expect(await stores[1].recordFailure(key, limits)).toEqual({ failures: 2, outcome: { kind: 'delay', ms: 2000 }, newlyLocked: false });
    expect(await stores[0].recordFailure(key, limits)).toEqual({ failures: 3, outcome: { kind: 'lock', ms: 900_000 }, newlyLocked: true });
    expect(await stores[1].recordFailure(key, limits)).toEqual({ failures: 1, outcome: { kind: 'delay', ms: 1000 }, newlyLocked: false });
    expect(await stores[0].blocked([key])).toMatchObject({ kind: 'lock' });
  });
});
