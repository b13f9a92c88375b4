import { fullJitterMs } from '../../common/backoff';
import { BiotrackError } from './biotrack.error';

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * How long to wait before retry number `attempt` (1-based), or null when the error must not be
 * retried. Retry-After from the state wins over our own backoff; otherwise exponential backoff with
 * full jitter, so many workers retrying after one outage do not arrive together.
 */
export function retryDelay(error: BiotrackError, attempt: number, policy: RetryPolicy, random: () => number = Math.random): number | null {
  if (!error.retryable || attempt > policy.maxRetries) return null;
  if (error.retryAfterMs !== null) return Math.min(error.retryAfterMs, policy.maxDelayMs);
  return Math.max(1, Math.round(fullJitterMs(attempt, policy.baseDelayMs, policy.maxDelayMs, random)));
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(header: string | undefined, now: number = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.round(Number(header) * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
