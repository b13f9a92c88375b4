import type { Lease } from '../common/redis-rate-limit/shared-limits-redis';
import type { RateDecision } from './key-rate-limiter';

/** Where leases come from: the shared bucket (Redis), which answers `granted` ≥ 1 or a wait. */
export interface LeaseSource {
  lease(key: string, wanted: number): Promise<Lease>;
}

export interface LeasedKeyBudgetOptions {
  ratePerSecond: number;
  burst: number;
  /** How long a process may spend a lease's tokens; what is left then is dropped, never returned. */
  leaseTtlMs?: number;
  now?: () => number;
}

interface KeyLease {
  tokens: number;
  expires: number;
  /** Tokens to ask for next time: doubles while leases run out, halves when one expires unspent. */
  size: number;
  pending?: Promise<RateDecision>;
}

const ALLOWED: RateDecision = { allowed: true, retryAfterSeconds: 0 };

/**
 * A key's budget lives in one shared bucket (every API process draws on it, so a key gets its rate
 * once); asking the bucket for every request costs a round trip per poll, so a busy process takes
 * several tokens at once and spends them locally. The limit still holds across processes: a token is
 * spent only after it left the shared bucket, and a lease's leftovers expire instead of going back.
 * The price is the other way: tokens one process leased and did not spend are lost to the key, at
 * most `maxLease` per lease — which is why a lease is never bigger than 1/16 of the rate or of the
 * burst (a key polling at the default 20/s leases one token at a time, exactly as without leases).
 */
export class LeasedKeyBudget {
  private readonly leases = new Map<string, KeyLease>();
  private readonly maxLease: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly source: LeaseSource,
    private readonly options: LeasedKeyBudgetOptions,
  ) {
    this.maxLease = Math.max(1, Math.floor(Math.min(options.burst, options.ratePerSecond) / 16));
    this.ttlMs = options.leaseTtlMs ?? 250;
    this.now = options.now ?? (() => Date.now());
  }

  /** Spends a token already leased to this process, without waiting; false when there is none. */
  takeLeased(key: string): boolean {
    const lease = this.leases.get(key);
    if (!lease || lease.tokens < 1 || this.now() >= lease.expires) return false;
    lease.tokens -= 1;
    return true;
  }

  /** Spends one of the key's tokens: a leased one, else one of a new lease; or the wait until one is there. */
  async take(key: string): Promise<RateDecision> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (this.takeLeased(key)) return ALLOWED;
      const lease = this.leaseOf(key);
      // Requests arriving while a lease is being fetched wait for it rather than each asking Redis.
      if (lease.pending) {
        const decision = await lease.pending;
        if (!decision.allowed) return decision;
        continue;
      }
      lease.pending = this.renew(key, lease);
      try {
        const decision = await lease.pending;
        if (decision.allowed) lease.tokens -= 1;
        return decision;
      } finally {
        lease.pending = undefined;
      }
    }
    // Three leases spent by other requests before this one's turn: ask for one token of its own.
    const single = await this.source.lease(key, 1);
    return single.granted >= 1 ? ALLOWED : refusal(single.waitMs);
  }

  private leaseOf(key: string): KeyLease {
    let lease = this.leases.get(key);
    if (!lease) {
      if (this.leases.size >= 10_000) this.leases.clear();
      lease = { tokens: 0, expires: 0, size: 1 };
      this.leases.set(key, lease);
    }
    return lease;
  }

  private async renew(key: string, lease: KeyLease): Promise<RateDecision> {
    const now = this.now();
    if (lease.expires > 0) lease.size = now < lease.expires ? Math.min(this.maxLease, lease.size * 2) : Math.max(1, Math.floor(lease.size / 2));
    const got = await this.source.lease(key, lease.size);
    if (got.granted < 1) {
      lease.tokens = 0;
      return refusal(got.waitMs);
    }
    lease.tokens = got.granted;
    lease.expires = this.now() + this.ttlMs;
    return ALLOWED;
  }
}

function refusal(waitMs: number): RateDecision {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}
