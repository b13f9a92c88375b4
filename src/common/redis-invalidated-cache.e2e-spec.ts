import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { ANNOUNCE_RETRY_MS, RedisInvalidatedCache, RedisInvalidatedCacheOptions } from './redis-invalidated-cache';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:56379';

/** Two processes' caches on the project's Redis; the announcing one's publishes fail as long as the test says. */
describe('RedisInvalidatedCache: an announcement Redis did not take', () => {
  const channel = `ric${randomBytes(4).toString('hex')}:changed`;
  const direct = new Redis(REDIS_URL, { lazyConnect: true });
  let failing = 0;
  let attempts = 0;
  const options = (ttlMs: number): RedisInvalidatedCacheOptions<string, string> => ({
    redisUrl: REDIS_URL,
    channel,
    ttlMs,
    maxEntries: 100,
    forget: (message, entries) => entries.delete(message),
    what: 'test change',
  });
  let caches: Array<RedisInvalidatedCache<string, string>> = [];

  const start = async (announcer: RedisInvalidatedCache<string, string>, other: RedisInvalidatedCache<string, string>) => {
    caches.push(announcer, other);
    for (const c of [announcer, other]) c.connect();
    for (let waited = 0; !(announcer.listening && other.listening) && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(other.listening).toBe(true);
  };
  /** Publishes through a connection of the test's own, refusing while `failing` is above zero. */
  const flaky = async (to: string, message: string) => {
    attempts += 1;
    if (failing > 0) {
      failing -= 1;
      throw new Error('Command timed out');
    }
    return direct.publish(to, message);
  };

  beforeAll(async () => {
    Logger.overrideLogger(false);
    await direct.connect();
  });
  beforeEach(() => {
    attempts = 0;
  });
  afterEach(() => {
    caches.forEach((c) => c.close());
    caches = [];
  });
  afterAll(() => direct.disconnect());

  it('is published on a later attempt, and the other process forgets then', async () => {
    const announcer = new RedisInvalidatedCache<string, string>({ ...options(10_000), publish: flaky });
    const other = new RedisInvalidatedCache<string, string>(options(10_000));
    await start(announcer, other);
    other.set('key-a', 'cached before the change', other.current);
    failing = 3;
    const started = Date.now();
    await expect(announcer.announce('key-a')).resolves.toBe(false);
    expect(other.get('key-a')).toBe('cached before the change');
    while (other.get('key-a') !== undefined && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 10));
    expect(other.get('key-a')).toBeUndefined();
    expect(attempts).toBe(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * ANNOUNCE_RETRY_MS);
  });

  it('answers true when the first attempt is taken, and does not try again', async () => {
    const announcer = new RedisInvalidatedCache<string, string>({ ...options(10_000), publish: flaky });
    const other = new RedisInvalidatedCache<string, string>(options(10_000));
    await start(announcer, other);
    other.set('key-b', 'cached', other.current);
    failing = 0;
    await expect(announcer.announce('key-b')).resolves.toBe(true);
    await new Promise((r) => setTimeout(r, 3 * ANNOUNCE_RETRY_MS));
    expect(attempts).toBe(1);
    expect(other.get('key-b')).toBeUndefined();
  });

  it('gives up once the TTL has passed, when every copy cached before the change has expired', async () => {
    const ttlMs = 4 * ANNOUNCE_RETRY_MS;
    const announcer = new RedisInvalidatedCache<string, string>({ ...options(ttlMs), publish: flaky });
    const other = new RedisInvalidatedCache<string, string>(options(ttlMs));
    await start(announcer, other);
    other.set('key-c', 'cached', other.current);
    failing = 1_000;
    await announcer.announce('key-c');
    await new Promise((r) => setTimeout(r, ttlMs + 3 * ANNOUNCE_RETRY_MS));
    const tried = attempts;
    expect(tried).toBeGreaterThanOrEqual(3);
    expect(tried).toBeLessThanOrEqual(7);
    expect(other.get('key-c')).toBeUndefined();
    await new Promise((r) => setTimeout(r, 3 * ANNOUNCE_RETRY_MS));
    expect(attempts).toBe(tried);
    failing = 0;
  });

  it('stops trying when closed', async () => {
    const announcer = new RedisInvalidatedCache<string, string>({ ...options(10_000), publish: flaky });
    const other = new RedisInvalidatedCache<string, string>(options(10_000));
    await start(announcer, other);
    failing = 1_000;
    await announcer.announce('key-d');
    announcer.close();
    const tried = attempts;
    await new Promise((r) => setTimeout(r, 3 * ANNOUNCE_RETRY_MS));
    expect(attempts).toBe(tried);
    failing = 0;
  });
});
