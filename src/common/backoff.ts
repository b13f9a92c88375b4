/**
 * Exponential backoff with full jitter: a random wait up to base·2^(attempt-1), capped. The jitter
 * keeps many callers that failed together (one outage) from retrying together. Callers round and
 * floor the result to their own needs.
 */
export function fullJitterMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1)) * random();
}

/** Whole milliseconds before a background retry (outbox deliveries, webhooks), never under 250 ms. */
export function retryDelayMs(attempt: number, random: () => number = Math.random, baseMs = 2000, capMs = 10 * 60_000): number {
  return Math.max(250, Math.floor(fullJitterMs(attempt, baseMs, capMs, random)));
}
