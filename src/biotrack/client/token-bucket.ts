import type { RequestLimiter } from '../../common/redis-rate-limit/request-limiter';

/**
 * A token bucket: `ratePerSecond` tokens refill continuously up to `burst`; each request takes one,
 * waiting for the next token when the bucket is empty. Callers are served in arrival order.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number = Math.max(1, ratePerSecond),
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Resolves when the caller may send one request. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** How long a caller arriving now would wait, in ms (for logs and tests). */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }

  private async waitForToken(): Promise<void> {
    for (;;) {
      const wait = this.waitMs();
      if (wait === 0) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(wait);
    }
  }

  private refill(): void {
    const at = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((at - this.last) / 1000) * this.ratePerSecond);
    this.last = at;
  }
}

// One bucket per integrator key and state endpoint, shared by every client in the process: the state
// counts requests per key, not per client instance.
const buckets = new Map<string, TokenBucket>();

export function sharedBucket(key: string, ratePerSecond: number): TokenBucket {
  let bucket = buckets.get(key);
  if (!bucket) {
    bucket = new TokenBucket(ratePerSecond);
    buckets.set(key, bucket);
  }
  return bucket;
}

/** The process's bucket for `key` as a RequestLimiter: the client's limiter without Redis, and the Redis limiter's fallback. */
export function processBucketLimiter(key: string, ratePerSecond: number): RequestLimiter {
  const bucket = sharedBucket(key, ratePerSecond);
  return { acquire: () => bucket.take().then(() => () => undefined) };
}
