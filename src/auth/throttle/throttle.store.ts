import { createHash } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisInvalidatedCache } from '../../common/redis-invalidated-cache';
import { SharedReads } from '../../common/shared-reads';
import { AppConfig } from '../../config/app-config';
import { FailureOutcome, outcomeOfFailure, ScopeLimits } from './throttle-policy';
import { ThrottleUnavailableError } from './throttle-unavailable';

/** The longest a request waits on Redis for its failure counts. */
export const THROTTLE_STORE_WAIT_MS = 750;

/** How long a process trusts that a key had no wait or lock, short of hearing that one was set. */
export const CLEAR_KEY_TTL_MS = 1000;

/** What is counted: sign-in failures per account and per client address, API-key failures per address. */
export type ThrottleScope = 'login-account' | 'login-address' | 'api-key-address';

export interface ThrottleKey {
  scope: ThrottleScope;
  id: string;
}

/** A key that refuses attempts now: a growing wait or a lock, and for how much longer. */
export interface Block {
  key: ThrottleKey;
  kind: 'delay' | 'lock';
  ms: number;
}

export interface RecordedFailure {
  failures: number;
  outcome: FailureOutcome;
  /** This failure put the lock on (another replica's concurrent failure did not). */
  newlyLocked: boolean;
}

/** Accounts are keyed by a digest of the lower-cased e-mail, so Redis holds no addresses of people. */
export function accountKey(email: string): ThrottleKey {
  return { scope: 'login-account', id: createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32) };
}

/**
 * Failure counts, waits and locks in Redis, so every API replica sees the same ones. Keys live under
 * QUEUE_PREFIX (one deployment's, or one test app's). A count is forgotten THROTTLE_WINDOW_SECONDS after
 * its last failure; a lock expires by itself after THROTTLE_LOCK_SECONDS (or an admin clears it).
 */
@Injectable()
export class ThrottleStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ThrottleStore.name);
  private readonly redis: Redis;
  private connectedOnce = false;
  /**
   * Keys known to have no wait and no lock: a licensee's every poll would otherwise ask Redis whether
   * its address is locked out. Whoever sets a wait or a lock announces it, so every process forgets.
   */
  private readonly clearKeys: RedisInvalidatedCache<string, true>;
  private readonly clearReads = new SharedReads<Block | null>();

  constructor(private readonly config: AppConfig) {
    // commandTimeout also bounds a command held in the offline queue (Redis down or not yet connected);
    // reconnecting every second at most keeps sign-in refused no longer than that after Redis returns.
    this.redis = new Redis(config.redisUrl, {
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      commandTimeout: 500,
      disconnectTimeout: 200,
      retryStrategy: (times) => Math.min(100 * times, 1000),
    });
    this.redis.on('error', () => undefined);
    this.redis.on('ready', () => (this.connectedOnce = true));
    this.clearKeys = new RedisInvalidatedCache<string, true>({
      redisUrl: config.redisUrl,
      channel: `${config.queuePrefix}:throttle-blocked`,
      ttlMs: CLEAR_KEY_TTL_MS,
      maxEntries: 10_000,
      forget: (name, entries) => entries.delete(name),
      what: 'throttle block',
    });
  }

  onModuleInit(): void {
    this.clearKeys.connect();
  }

  /**
   * Runs `work` within THROTTLE_STORE_WAIT_MS, or throws ThrottleUnavailableError: never a hang, never a 500.
   * A connection that was up and is now lost refuses at once; only the first connection is waited for.
   */
  private async bounded<T>(work: () => Promise<T>): Promise<T> {
    if (this.connectedOnce && this.redis.status !== 'ready') throw new ThrottleUnavailableError(`Redis connection ${this.redis.status}`);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${THROTTLE_STORE_WAIT_MS} ms`)), THROTTLE_STORE_WAIT_MS);
    });
    try {
      return await Promise.race([work(), timedOut]);
    } catch (e) {
      throw new ThrottleUnavailableError((e as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }

  private name(key: ThrottleKey, part: 'failures' | 'wait' | 'lock'): string {
    return `${this.config.queuePrefix}:throttle:${key.scope}:${key.id}:${part}`;
  }

  /** The longest block among the keys, or null when an attempt may go ahead. */
  blocked(keys: ThrottleKey[]): Promise<Block | null> {
    return this.bounded(() => this.readBlocks(keys));
  }

  /** Subscribed to announced blocks: keys known clear are answered from memory. */
  get listening(): boolean {
    return this.clearKeys.listening;
  }

  /** True while this process knows the key is clear (see `blockedKnowingClear`); false means "ask". */
  knownClear(key: ThrottleKey): boolean {
    return this.clearKeys.get(this.name(key, 'lock')) === true;
  }

  /**
   * `blocked` for one key, answered from memory while this process knows it is clear; requests that
   * find it unknown at the same moment share one read (a busy poller's hundreds, when the entry expires).
   */
  blockedKnowingClear(key: ThrottleKey): Promise<Block | null> {
    if (this.knownClear(key)) return Promise.resolve(null);
    const name = this.name(key, 'lock');
    const since = this.clearKeys.current;
    return this.clearReads.run(name, since, async () => {
      const block = await this.blocked([key]);
      if (!block) this.clearKeys.set(name, true, since);
      return block;
    });
  }

  private async readBlocks(keys: ThrottleKey[]): Promise<Block | null> {
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.pttl(this.name(key, 'lock')).pttl(this.name(key, 'wait'));
    const ttls = ((await pipeline.exec()) ?? []).map(([err, ms]) => {
      if (err) throw err;
      return Number(ms);
    });
    let longest: Block | null = null;
    keys.forEach((key, i) => {
      const [lockMs, waitMs] = [ttls[2 * i], ttls[2 * i + 1]];
      const block: Block | null = lockMs > 0 ? { key, kind: 'lock', ms: lockMs } : waitMs > 0 ? { key, kind: 'delay', ms: waitMs } : null;
      if (block && (!longest || block.ms > longest.ms)) longest = block;
    });
    return longest;
  }

  recordFailure(key: ThrottleKey, limits: ScopeLimits): Promise<RecordedFailure> {
    return this.bounded(() => this.countFailure(key, limits));
  }

  private async countFailure(key: ThrottleKey, limits: ScopeLimits): Promise<RecordedFailure> {
    const { delayBaseMs, lockSeconds, windowSeconds } = this.config.throttle;
    const counted = await this.redis
      .multi()
      .incr(this.name(key, 'failures'))
      .pexpire(this.name(key, 'failures'), windowSeconds * 1000)
      .exec();
    const failures = Number(counted?.[0]?.[1] ?? 0);
    const outcome = outcomeOfFailure(failures, limits, { delayBaseMs, lockSeconds });
    if (outcome.kind === 'delay') {
      await this.redis.set(this.name(key, 'wait'), String(failures), 'PX', outcome.ms);
      await this.announceBlocked(key);
    }
    if (outcome.kind !== 'lock') return { failures, outcome, newlyLocked: false };
    const set = await this.redis.set(this.name(key, 'lock'), String(failures), 'PX', outcome.ms, 'NX');
    await this.announceBlocked(key);
    // A lock starts the count afresh: after it expires the free failures apply again.
    await this.redis.del(this.name(key, 'failures'), this.name(key, 'wait'));
    return { failures, outcome, newlyLocked: set === 'OK' };
  }

  /** After a wait or lock is set: no process may go on answering from memory that the key is clear. */
  private async announceBlocked(key: ThrottleKey): Promise<void> {
    try {
      await this.clearKeys.announce(this.name(key, 'lock'));
    } catch (e) {
      // Processes cut off from Redis are not caching (their subscription is lost with it).
      this.logger.warn(`could not announce a throttle block: ${(e as Error).message}`);
    }
  }

  /** Forgets the failures and any wait (a right password); with `lock`, the lock too (an admin's unlock). */
  async clear(key: ThrottleKey, opts: { lock: boolean }): Promise<void> {
    const names = [this.name(key, 'failures'), this.name(key, 'wait')];
    await this.bounded(() => this.redis.del(...(opts.lock ? [...names, this.name(key, 'lock')] : names)));
  }

  /** A key's state as an admin reads it. */
  async state(key: ThrottleKey): Promise<{ failures: number; lockedForMs: number; waitMs: number }> {
    const [failures, lockMs, waitMs] = await this.bounded(() =>
      Promise.all([this.redis.get(this.name(key, 'failures')), this.redis.pttl(this.name(key, 'lock')), this.redis.pttl(this.name(key, 'wait'))]),
    );
    return { failures: Number(failures ?? 0), lockedForMs: Math.max(0, lockMs), waitMs: Math.max(0, waitMs) };
  }

  onModuleDestroy(): void {
    this.clearKeys.close();
    this.redis.disconnect();
  }
}
