import { randomUUID } from 'node:crypto';
import { RequestLimit, RequestLimiter } from './request-limiter';
import { SharedLimitsRedis } from './shared-limits-redis';

/** How long an admitted request holds its in-flight slot at most, past the client's own timeout. */
const LEASE_MARGIN_MS = 5_000;

/**
 * The share of the state's rate the deployment aims at. A request reaches the state some milliseconds
 * after Redis admitted it, and how many varies (an event loop busy rendering a COA, the network):
 * requests spaced at exactly the rate would then now and again put rate + 1 into one second of the
 * state's clock. At 90%, ten intervals hold a tenth of a second of slack for that jitter.
 */
export const RATE_HEADROOM = 0.9;

/**
 * A state system's limits shared by every process of the deployment (the state counts requests per
 * integrator key, not per process): each request takes its token in Redis, atomically over all its
 * limits (token-bucket.lua.ts). A request that must wait sleeps for the time Redis names, plus a few
 * random milliseconds so that waiters in several processes do not all ask again at once.
 *
 * Chosen over BullMQ's queue rate limiter because the budget is per HTTP request, not per job: one
 * delivery job makes several requests (log-in, post, look-up, document, retries), and the API
 * processes call the state too (accepting a sample at receipt), outside any queue.
 *
 * Without Redis (an outage, or a command over its timeout) each process falls back to its own
 * in-process limiter at the same rate: requests keep flowing, and for the outage's length N processes
 * may together send up to N times the rate. BullMQ workers take no new jobs while Redis is away, so in
 * practice only the requests already in flight go on.
 */
export class RedisRequestLimiter implements RequestLimiter {
  constructor(
    private readonly redis: SharedLimitsRedis,
    private readonly fallback: RequestLimiter,
    private readonly leaseMs: number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async acquire(limits: readonly RequestLimit[]): Promise<() => void> {
    const holder = randomUUID();
    const aimed = limits.map((l) => ({ ...l, ratePerSecond: l.ratePerSecond * RATE_HEADROOM }));
    for (;;) {
      let wait: number;
      try {
        wait = await this.redis.take(aimed, holder, this.leaseMs + LEASE_MARGIN_MS);
      } catch {
        return this.fallback.acquire(limits);
      }
      if (wait === 0) {
        let ended = false;
        return () => {
          if (ended) return;
          ended = true;
          void this.redis.release(aimed, holder);
        };
      }
      await this.sleep(wait + Math.floor(Math.random() * 5));
    }
  }
}
