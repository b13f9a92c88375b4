import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { Actor } from '../../common/actor';
import { TtlCache } from '../../common/ttl-cache';
import { AppConfig } from '../../config/app-config';

type LicenseeActor = Extract<Actor, { type: 'licensee' }>;

/** How long a verified key is trusted without asking the database again. */
export const VERIFIED_KEY_TTL_MS = 10_000;

/**
 * Verified API keys, trusted for VERIFIED_KEY_TTL_MS so that a poller's every request is not a
 * database look-up, and dropped in every process the moment a key is revoked anywhere: the revoking
 * process publishes the key's id on a Redis channel after its commit, and each process subscribes.
 *
 * Pub/sub delivers only to connected subscribers, so the cache is used only while this process's
 * subscription is live: on losing it the cache is emptied and bypassed (each request asks the
 * database) until the subscription is back. A revocation therefore reaches every process within the
 * publish latency (milliseconds) or is read from the database; never up to a TTL late. (A short TTL
 * with a version key in Redis would cost a Redis round trip on every request to say the same.)
 * A look-up that began before a revocation arrived does not put its now-stale answer in the cache.
 */
@Injectable()
export class VerifiedKeyCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(VerifiedKeyCache.name);
  private readonly entries = new TtlCache<string, LicenseeActor>(VERIFIED_KEY_TTL_MS, 10_000);
  private readonly channel: string;
  private readonly subscriber: Redis;
  private readonly publisher: Redis;
  private live = false;
  /** Bumped by every revocation heard and every lost subscription. */
  private generation = 0;

  constructor(config: AppConfig) {
    this.channel = `${config.queuePrefix}:api-key-revoked`;
    const options = { maxRetriesPerRequest: 1, connectTimeout: 1000, commandTimeout: 1000, disconnectTimeout: 200, lazyConnect: true };
    this.subscriber = new Redis(config.redisUrl, { ...options, commandTimeout: undefined });
    this.publisher = new Redis(config.redisUrl, options);
    for (const r of [this.subscriber, this.publisher]) r.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, apiKeyId: string) => this.forget(apiKeyId));
    // ioredis subscribes again by itself after a reconnection; the cache is used again once it has.
    this.subscriber.on('close', () => this.lose());
    this.subscriber.on('ready', () => void this.subscribe());
  }

  onModuleInit(): void {
    this.subscriber.connect().catch(() => undefined);
    this.publisher.connect().catch(() => undefined);
  }

  /** The look-up's starting point: pass it back to `set`. */
  get current(): number {
    return this.generation;
  }

  get(cacheKey: string): LicenseeActor | undefined {
    return this.live ? this.entries.get(cacheKey) : undefined;
  }

  /** Caches a verified key unless a revocation (or a lost subscription) came since `since`. */
  set(cacheKey: string, actor: LicenseeActor, since: number): void {
    if (this.live && since === this.generation) this.entries.set(cacheKey, actor);
  }

  /** After the revocation's commit: this process forgets the key now, every other one on the message. */
  async revoked(apiKeyId: string): Promise<void> {
    this.forget(apiKeyId);
    try {
      await this.publisher.publish(this.channel, apiKeyId);
    } catch (e) {
      // The other processes are then most likely cut off from Redis too, and so not caching.
      this.logger.warn(`could not announce the revocation of API key ${apiKeyId}: ${(e as Error).message}`);
    }
  }

  onApplicationShutdown(): void {
    this.live = false;
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }

  private async subscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel);
      this.live = true;
    } catch {
      this.lose();
    }
  }

  private forget(apiKeyId: string): void {
    this.generation += 1;
    this.entries.deleteWhere((a) => a.apiKeyId === apiKeyId);
  }

  private lose(): void {
    if (this.live) this.logger.warn('lost the API-key revocation channel: verified keys are not cached until it is back');
    this.live = false;
    this.generation += 1;
    this.entries.deleteWhere(() => true);
  }
}
