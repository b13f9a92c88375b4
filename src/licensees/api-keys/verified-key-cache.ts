import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Actor } from '../../common/actor';
import { RedisInvalidatedCache } from '../../common/redis-invalidated-cache';
import { AppConfig } from '../../config/app-config';

type LicenseeActor = Extract<Actor, { type: 'licensee' }>;

/** How long a verified key is trusted without asking the database again. */
export const VERIFIED_KEY_TTL_MS = 10_000;

/**
 * Verified API keys, trusted for VERIFIED_KEY_TTL_MS so that a poller's every request is not a
 * database look-up, and dropped in every process the moment a key is revoked anywhere: the revoking
 * process publishes the key's id on a Redis channel after its commit, and each process subscribes.
 * While this process's subscription is lost the cache is not used (each request asks the database),
 * so a revocation reaches every process within the publish latency (milliseconds) or is read from the
 * database; never up to a TTL late (`RedisInvalidatedCache`). A short TTL with a version key in Redis
 * would cost a Redis round trip on every request to say the same.
 */
@Injectable()
export class VerifiedKeyCache implements OnModuleInit, OnApplicationShutdown {
  private readonly cache: RedisInvalidatedCache<string, LicenseeActor>;

  constructor(config: AppConfig) {
    this.cache = new RedisInvalidatedCache<string, LicenseeActor>({
      redisUrl: config.redisUrl,
      channel: `${config.queuePrefix}:api-key-revoked`,
      ttlMs: VERIFIED_KEY_TTL_MS,
      maxEntries: 10_000,
      forget: (apiKeyId, entries) => entries.deleteWhere((a) => a.apiKeyId === apiKeyId),
      what: 'API-key revocation',
    });
  }

  onModuleInit(): void {
    this.cache.connect();
  }

  /** The look-up's starting point: pass it back to `set`. */
  get current(): number {
    return this.cache.current;
  }

  /** Subscribed to revocations: verified keys are cached. */
  get listening(): boolean {
    return this.cache.listening;
  }

  get(cacheKey: string): LicenseeActor | undefined {
    return this.cache.get(cacheKey);
  }

  /** Caches a verified key unless a revocation (or a lost subscription) came since `since`. */
  set(cacheKey: string, actor: LicenseeActor, since: number): void {
    this.cache.set(cacheKey, actor, since);
  }

  /** After the revocation's commit: this process forgets the key now, every other one on the message (retried while Redis refuses it). */
  async revoked(apiKeyId: string): Promise<void> {
    await this.cache.announce(apiKeyId);
  }

  onApplicationShutdown(): void {
    this.cache.close();
  }
}
