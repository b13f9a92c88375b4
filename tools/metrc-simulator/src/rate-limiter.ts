interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Token buckets per key: each holds a one-second burst and refills at its rate. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number) {}

  /** Takes a token from `key` if one is there; returns the seconds until one will be otherwise. */
  take(key: string, ratePerSecond: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const at = this.now();
    const capacity = Math.max(1, ratePerSecond);
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updatedAt: at };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((at - bucket.updatedAt) / 1000) * ratePerSecond);
    bucket.updatedAt = at;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond)) };
  }

  /** Gives back a token taken for a call refused by a later check, so one refusal does not cost twice. */
  refund(key: string): void {
    const bucket = this.buckets.get(key);
    if (bucket) bucket.tokens += 1;
  }

  reset(): void {
    this.buckets.clear();
  }
}

/** GETs in flight per key, for Metrc's concurrency caps. */
export class InFlight {
  private readonly counts = new Map<string, number>();

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  enter(keys: string[]): () => void {
    for (const key of keys) this.counts.set(key, this.count(key) + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      for (const key of keys) this.counts.set(key, this.count(key) - 1);
    };
  }

  total(): number {
    return [...this.counts.entries()].filter(([k]) => k.startsWith('vendor:')).reduce((sum, [, n]) => sum + n, 0);
  }

  reset(): void {
    this.counts.clear();
  }
}
