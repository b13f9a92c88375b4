/**
 * What a failed attempt costs, pure: a few free failures, then waits that double with each further
 * failure, then a lock once the failures reach the lock threshold. Counted per account and per client
 * address (src/auth/throttle/throttle.store.ts keeps the counts in Redis).
 */
export interface ScopeLimits {
  /** Failures that cost nothing. */
  freeFailures: number;
  /** The failure that reaches this count locks. */
  lockFailures: number;
}

export interface ThrottleTiming {
  /** The first wait after the free failures; each later one doubles. 0: no waits, only the lock. */
  delayBaseMs: number;
  lockSeconds: number;
}

export type FailureOutcome = { kind: 'none' } | { kind: 'delay'; ms: number } | { kind: 'lock'; ms: number };

/** The consequence of the `failures`-th failure in a row (1-based). */
export function outcomeOfFailure(failures: number, limits: ScopeLimits, timing: ThrottleTiming): FailureOutcome {
  const lockMs = timing.lockSeconds * 1000;
  if (failures >= limits.lockFailures) return { kind: 'lock', ms: lockMs };
  const beyondFree = failures - limits.freeFailures;
  if (beyondFree <= 0 || timing.delayBaseMs <= 0) return { kind: 'none' };
  // 2^(n-1) overflows nothing below the lock threshold's 100, and the lock caps the wait anyway.
  return { kind: 'delay', ms: Math.min(timing.delayBaseMs * 2 ** (beyondFree - 1), lockMs) };
}

/**
 * The wait after the 1st, 2nd, … failure below the lock threshold (0: none), as outcomeOfFailure decides
 * it: the table the Redis script that counts failures looks up (failure-count.lua.ts), so the policy
 * lives here only. The failure after the last entry locks.
 */
export function waitSchedule(limits: ScopeLimits, timing: ThrottleTiming): number[] {
  return Array.from({ length: Math.max(0, limits.lockFailures - 1) }, (_, i) => {
    const outcome = outcomeOfFailure(i + 1, limits, timing);
    return outcome.kind === 'delay' ? outcome.ms : 0;
  });
}

/** Retry-After is whole seconds; a wait of 1 ms still says 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * The client's address: the socket's peer, or with `trustedHops` reverse proxies in front, the entry
 * that many hops back in X-Forwarded-For (entries further left are the client's own say and can be
 * forged). IPv4-mapped IPv6 addresses read as plain IPv4.
 */
export function clientAddress(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number): string {
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const chain = [remoteAddress ?? 'unknown', ...forwarded.reverse()];
  const picked = chain[Math.min(trustedHops, chain.length - 1)];
  return picked.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}
