import { createHash } from 'node:crypto';

/** One limit a state system enforces: a steady rate and (optionally) a cap on requests in flight under one key. */
export interface RequestLimit {
  /** What the limit is counted on, e.g. `facility:<host>|<license>`; the same key means the same budget. */
  key: string;
  ratePerSecond: number;
  /** Requests in flight at once under the key; Infinity: no cap. */
  concurrency: number;
  /** Requests that may go at once after a quiet spell; 1 (the default) spaces them evenly, so no one-second window ever holds more than the rate. */
  burst?: number;
}

/**
 * Admission for requests under several limits at once. `acquire` resolves when a request may start
 * under every limit and returns the function that ends it. In-process implementations live beside
 * their clients; RedisRequestLimiter shares the budgets between every process of a deployment.
 */
export interface RequestLimiter {
  acquire(limits: readonly RequestLimit[]): Promise<() => void>;
}

/** A key that names a credential without holding it (keys end up in logs and in Redis). */
export function credentialKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}
