interface Bucket {
  tokens: number;
  updatedAt: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Token bucket per key: holds a one-second burst (at least one token) and refills at `ratePerSecond`. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly now: () => number,
  ) {
    this.capacity = Math.max(1, ratePerSecond);
  }

  take(key: string): RateDecision {
    const at = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updatedAt: at };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((at - bucket.updatedAt) / 1000) * this.ratePerSecond);
    bucket.updatedAt = at;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerSecond)) };
  }

  reset(): void {
    this.buckets.clear();
  }
}
