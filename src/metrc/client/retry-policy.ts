import { fullJitterMs } from '../../common/backoff';
import { MetrcError } from './metrc.error';

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * The wait before retry number `attempt` (1-based), or null when the failure must not be retried.
 * A Retry-After from Metrc (not confirmed that it sends one) wins over our own backoff; otherwise
 * exponential backoff with full jitter.
 */
export function retryDelay(error: MetrcError, attempt: number, policy: RetryPolicy, random: () => number = Math.random): number | null {
  if (!error.retryable || attempt > policy.maxRetries) return null;
  if (error.retryAfterMs !== null) return Math.min(error.retryAfterMs, policy.maxDelayMs);
  return Math.max(1, Math.round(fullJitterMs(attempt, policy.baseDelayMs, policy.maxDelayMs, random)));
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(header: unknown, now: number = Date.now()): number | null {
  if (typeof header !== 'string' || header.trim() === '') return null;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.round(Number(header) * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
