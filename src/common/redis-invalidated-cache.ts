import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { TtlCache } from './ttl-cache';

export interface RedisInvalidatedCacheOptions<K, V> {
  redisUrl: string;
  /** The pub/sub channel on which any process announces a change (one deployment's: under its QUEUE_PREFIX). */
  channel: string;
  ttlMs: number;
  maxEntries: number;
  /** What a heard announcement makes this process forget. */
  forget: (message: string, entries: TtlCache<K, V>) => void;
  /** For the log line when the channel is lost. */
  what: string;
  /** How announcements reach Redis; by default this cache's own publishing connection (tests put a failing one here). */
  publish?: (channel: string, message: string) => Promise<unknown>;
}

/** Between attempts to publish an announcement Redis did not take. */
export const ANNOUNCE_RETRY_MS = 250;

/**
 * A per-process cache of answers that another process may change at any moment, kept honest by a
 * Redis pub/sub channel: whoever changes the answer announces it after the change, and every process
 * forgets its copy on the message. Pub/sub delivers only to connected subscribers, so the cache is
 * used only while this process's subscription is live: on losing it the cache is emptied and bypassed
 * (callers ask the source) until the subscription is back — a change is never missed for a TTL.
 * A look-up that began before an announcement (or a lost subscription) does not cache its answer
 * (`current` / `set`'s `since`).
 */
export class RedisInvalidatedCache<K, V> {
  private readonly logger = new Logger(RedisInvalidatedCache.name);
  private readonly entries: TtlCache<K, V>;
  private readonly subscriber: Redis;
  private readonly publisher: Redis;
  private live = false;
  private closed = false;
  /** Announcements still being retried, by their timers (cleared on close). */
  private readonly retries = new Set<NodeJS.Timeout>();
  /** Bumped by every announcement heard and every lost subscription. */
  private generation = 0;

  constructor(private readonly options: RedisInvalidatedCacheOptions<K, V>) {
    this.entries = new TtlCache<K, V>(options.ttlMs, options.maxEntries);
    const redis = { maxRetriesPerRequest: 1, connectTimeout: 1000, commandTimeout: 1000, disconnectTimeout: 200, lazyConnect: true };
    this.subscriber = new Redis(options.redisUrl, { ...redis, commandTimeout: undefined });
    this.publisher = new Redis(options.redisUrl, redis);
    for (const r of [this.subscriber, this.publisher]) r.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, message: string) => this.forget(message));
    // ioredis subscribes again by itself after a reconnection; the cache is used again once it has.
    this.subscriber.on('close', () => this.lose());
    this.subscriber.on('ready', () => void this.subscribe());
  }

  connect(): void {
    this.subscriber.connect().catch(() => undefined);
    this.publisher.connect().catch(() => undefined);
  }

  /** A look-up's starting point: pass it back to `set`. */
  get current(): number {
    return this.generation;
  }

  /** Subscribed: cached answers are used. */
  get listening(): boolean {
    return this.live;
  }

  get(key: K): V | undefined {
    return this.live ? this.entries.get(key) : undefined;
  }

  /** Caches an answer unless an announcement (or a lost subscription) came since `since`. */
  set(key: K, value: V, since: number): void {
    if (this.live && since === this.generation) this.entries.set(key, value);
  }

  /**
   * After the change's commit: this process forgets now, every other one on the message. Never throws.
   * A publish Redis does not take (this process's publishing connection dropped while the others'
   * subscriptions are live) is tried again every ANNOUNCE_RETRY_MS until it is taken or `ttlMs` has
   * passed: by then every copy another process cached before the change has expired by itself.
   * Resolves after the first attempt; `true` when Redis took it then.
   */
  async announce(message: string): Promise<boolean> {
    this.forget(message);
    const giveUpAt = Date.now() + this.options.ttlMs;
    if (await this.tryPublish(message)) return true;
    this.logger.warn(`could not announce the ${this.options.what} (${message}); trying again for ${this.options.ttlMs} ms`);
    this.retryAnnouncement(message, giveUpAt);
    return false;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
    this.live = false;
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }

  private async tryPublish(message: string): Promise<boolean> {
    try {
      await (this.options.publish ?? ((channel, m) => this.publisher.publish(channel, m)))(this.options.channel, message);
      return true;
    } catch {
      return false;
    }
  }

  private retryAnnouncement(message: string, giveUpAt: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      void this.tryPublish(message).then((published) => {
        if (published) this.logger.log(`announced the ${this.options.what} (${message}) on a later attempt`);
        else if (Date.now() < giveUpAt) this.retryAnnouncement(message, giveUpAt);
        else this.logger.warn(`gave up announcing the ${this.options.what} (${message}): copies cached before it have expired by now`);
      });
    }, ANNOUNCE_RETRY_MS);
    timer.unref();
    this.retries.add(timer);
  }

  private async subscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.options.channel);
      this.live = true;
    } catch {
      this.lose();
    }
  }

  private forget(message: string): void {
    this.generation += 1;
    this.options.forget(message, this.entries);
  }

  private lose(): void {
    if (this.live) this.logger.warn(`lost the ${this.options.what} channel: not cached until it is back`);
    this.live = false;
    this.generation += 1;
    this.entries.deleteWhere(() => true);
  }
}
