import { createHash, randomUUID } from 'node:crypto';
import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisInvalidatedCache } from '../../common/redis-invalidated-cache';
import { SharedReads } from '../../common/shared-reads';
import { AppConfig } from '../../config/app-config';
import { CountAnswer, countArgs, CountedFailure, readCountReply, takeBackArgs } from './failure-count-script';
import { COUNT_FAILURE_SCRIPT, TAKE_BACK_SCRIPT } from './failure-count.lua';
import { FailureOutcome, ScopeLimits } from './throttle-policy';
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

/** An attempt counted as a failure before its password was checked: taken back if it proves right. */
export interface Reservation {
  /** The value of any wait or lock the attempt set, so that only it takes them back. */
  token: string;
  counted: CountedFailure[];
}

export type ReserveAnswer = { kind: 'refused'; block: Block } | { kind: 'reserved'; reservation: Reservation };

type ScriptCommand = (numKeys: number, ...keysAndArgs: string[]) => Promise<unknown>;

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
  private readonly redis: Redis & { labtraceCountFailure: ScriptCommand; labtraceTakeBackFailure: ScriptCommand };
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
    const redis = new Redis(config.redisUrl, {
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      commandTimeout: 500,
      disconnectTimeout: 200,
      retryStrategy: (times) => Math.min(100 * times, 1000),
    });
    redis.on('error', () => undefined);
    redis.on('ready', () => (this.connectedOnce = true));
    redis.defineCommand('labtraceCountFailure', { lua: COUNT_FAILURE_SCRIPT });
    redis.defineCommand('labtraceTakeBackFailure', { lua: TAKE_BACK_SCRIPT });
    this.redis = redis as Redis & { labtraceCountFailure: ScriptCommand; labtraceTakeBackFailure: ScriptCommand };
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

  /**
   * Counts an attempt as a failure in every scope, in one step no other attempt (of any process) gets
   * between: refused, counting nothing, while a scope waits or is locked; else counted, with the wait or
   * lock its failure earns set at once. A sign-in reserves so BEFORE checking the password, and takes it
   * back with `takeBack` if the password is right.
   */
  reserve(scopes: Array<[ThrottleKey, ScopeLimits]>): Promise<ReserveAnswer> {
    return this.bounded(async () => {
      const token = randomUUID();
      const answer = await this.count(scopes, { refuseWhileBlocked: true, token });
      return answer.kind === 'refused' ? answer : { kind: 'reserved', reservation: { token, counted: answer.counted } };
    });
  }

  /**
   * Takes back a reservation whose password proved right: its failure is uncounted and any wait or lock
   * it set lifted; the scopes in `forget` lose their whole count (a right sign-in forgets the account's).
   */
  takeBack(reservation: Reservation, forget: readonly ThrottleScope[] = []): Promise<void> {
    const keys = reservation.counted.flatMap(({ key }) => this.names(key));
    const args = takeBackArgs(reservation.token, reservation.counted, forget);
    return this.bounded(async () => void (await this.redis.labtraceTakeBackFailure(keys.length, ...keys, ...args)));
  }

  /** Counts a failure already made (a wrong API key), whatever the key's wait or lock. */
  recordFailure(key: ThrottleKey, limits: ScopeLimits): Promise<RecordedFailure> {
    return this.bounded(async () => {
      const answer = await this.count([[key, limits]], { refuseWhileBlocked: false, token: randomUUID() });
      if (answer.kind === 'refused') throw new Error('the failure-count script refused a failure it was told to count');
      const [{ failures, outcome, newlyLocked }] = answer.counted;
      return { failures, outcome, newlyLocked };
    });
  }

  private async count(scopes: Array<[ThrottleKey, ScopeLimits]>, opts: { refuseWhileBlocked: boolean; token: string }): Promise<CountAnswer> {
    const { delayBaseMs, lockSeconds, windowSeconds } = this.config.throttle;
    const keys = scopes.flatMap(([key]) => this.names(key));
    const args = countArgs({ ...opts, windowSeconds, timing: { delayBaseMs, lockSeconds }, limits: scopes.map(([, limits]) => limits) });
    const answer = readCountReply(
      await this.redis.labtraceCountFailure(keys.length, ...keys, ...args),
      scopes.map(([key]) => key),
    );
    if (answer.kind === 'counted') {
      for (const { key, outcome } of answer.counted) if (outcome.kind !== 'none') await this.announceBlocked(key);
    }
    return answer;
  }

  /** A scope's keys in the order the failure-count scripts take them. */
  private names(key: ThrottleKey): string[] {
    return [this.name(key, 'failures'), this.name(key, 'wait'), this.name(key, 'lock')];
  }

  /** After a wait or lock is set: no process may go on answering from memory that the key is clear. */
  private async announceBlocked(key: ThrottleKey): Promise<void> {
    await this.clearKeys.announce(this.name(key, 'lock'));
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
