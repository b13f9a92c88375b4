import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { RequestLimit } from './request-limiter';
import { TAKE_SCRIPT } from './token-bucket.lua';
import { LEASE_SCRIPT } from './token-lease.lua';

type TakeCommand = (numKeys: number, ...keysAndArgs: Array<string | number>) => Promise<number>;
type LeaseCommand = (numKeys: number, ...keysAndArgs: Array<string | number>) => Promise<[number, number]>;

/** What a lease request got: `granted` tokens (≥ 1), or none and the milliseconds until one is there. */
export interface Lease {
  granted: number;
  waitMs: number;
}

/**
 * The rate budgets shared by every process on one Redis (one connection per process). A command waits
 * at most `commandTimeout`: callers fall back to their in-process limits rather than hang on a dead Redis.
 *
 * The keys are not under QUEUE_PREFIX: a limit's key names what the other side counts (the state's URL
 * and a digest of the integrator or vendor key; a licensee API key's id), so labs of one deployment
 * that use one integrator key draw on its one budget, as the state counts it, and different keys never meet.
 */
@Injectable()
export class SharedLimitsRedis implements OnApplicationShutdown {
  private readonly logger = new Logger(SharedLimitsRedis.name);
  private readonly redis: Redis & { labtraceTake: TakeCommand; labtraceLease: LeaseCommand };
  private readonly prefix: string;
  private failing = false;

  constructor(config: AppConfig) {
    this.prefix = 'labtrace-limits';
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 1000, commandTimeout: 500, disconnectTimeout: 200 });
    redis.on('error', () => undefined);
    redis.defineCommand('labtraceTake', { lua: TAKE_SCRIPT });
    redis.defineCommand('labtraceLease', { lua: LEASE_SCRIPT });
    this.redis = redis as Redis & { labtraceTake: TakeCommand; labtraceLease: LeaseCommand };
  }

  /**
   * Takes one request's share of every limit at once, or none: 0 when taken, else the milliseconds to
   * wait before asking again. `holder` names the request in the in-flight sets for `leaseMs`.
   */
  async take(limits: readonly RequestLimit[], holder: string, leaseMs: number): Promise<number> {
    const keys = limits.flatMap((l) => [this.bucketKey(l), this.holdersKey(l)]);
    const args = limits.flatMap((l) => [l.ratePerSecond, Math.max(1, l.burst ?? 1), capOf(l)]);
    return this.run(async () => Number(await this.redis.labtraceTake(keys.length, ...keys, holder, leaseMs, ...args)));
  }

  /**
   * Takes up to `wanted` of one limit's tokens at once (no in-flight cap), for a process to spend
   * without asking again (the licensee API's per-key budget: `LeasedKeyBudget`).
   */
  async lease(limit: Pick<RequestLimit, 'key' | 'ratePerSecond' | 'burst'>, wanted: number): Promise<Lease> {
    const key = this.bucketKey(limit);
    const [granted, waitMs] = await this.run(() =>
      this.redis.labtraceLease(1, key, limit.ratePerSecond, Math.max(1, limit.burst ?? 1), Math.max(1, Math.floor(wanted))),
    );
    return { granted: Number(granted), waitMs: Number(waitMs) };
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      // Not connected (an outage, a reconnection): fail at once rather than queue behind the reconnection.
      if (this.redis.status !== 'ready') throw new Error(`Redis connection is ${this.redis.status}`);
      const answer = await command();
      if (this.failing) this.logger.log('shared rate limits are back in Redis');
      this.failing = false;
      return answer;
    } catch (e) {
      // Logged once per outage; the caller decides what to do without Redis.
      if (!this.failing) this.logger.warn(`shared rate limits unavailable (${(e as Error).message}); each process limits itself until Redis answers`);
      this.failing = true;
      throw e;
    }
  }

  /** Ends a request early (its lease would end it anyway). */
  async release(limits: readonly RequestLimit[], holder: string): Promise<void> {
    const capped = limits.filter((l) => capOf(l) > 0);
    if (capped.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const l of capped) pipeline.zrem(this.holdersKey(l), holder);
    await pipeline.exec().catch(() => undefined);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  private bucketKey(l: Pick<RequestLimit, 'key'>): string {
    return `${this.prefix}:${l.key}:bucket`;
  }

  private holdersKey(l: RequestLimit): string {
    return `${this.prefix}:${l.key}:held`;
  }
}

function capOf(l: RequestLimit): number {
  return Number.isFinite(l.concurrency) && l.concurrency > 0 ? l.concurrency : 0;
}
