import { RequestLimit, RequestLimiter } from '../../common/redis-rate-limit/request-limiter';

// The limit and limiter shapes are shared with the BioTrack client and the Redis limiter that spans
// processes (src/common/redis-rate-limit); Metrc counts GETs per facility and per vendor key.
export { credentialKey } from '../../common/redis-rate-limit/request-limiter';
export type { RequestLimit, RequestLimiter } from '../../common/redis-rate-limit/request-limiter';

interface Budget {
  limit: RequestLimit;
  tokens: number;
  last: number;
  inFlight: number;
  waiters: Array<() => void>;
}

/**
 * A token bucket and a concurrency count per key, in this process only. Callers are admitted in
 * arrival order. Whether Metrc counts a second as a sliding window is not known, so by default the
 * requests are spaced evenly rather than sent in bursts.
 */
export class InProcessRequestLimiter implements RequestLimiter {
  private readonly budgets = new Map<string, Budget>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  acquire(limits: readonly RequestLimit[]): Promise<() => void> {
    const turn = this.queue.then(() => this.admit(limits));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** How many requests are in flight under a key (for tests and logs). */
  inFlight(key: string): number {
    return this.budgets.get(key)?.inFlight ?? 0;
  }

  private async admit(limits: readonly RequestLimit[]): Promise<() => void> {
    const budgets = limits.map((l) => this.budget(l));
    for (;;) {
      const full = budgets.find((b) => b.inFlight >= b.limit.concurrency);
      if (full) {
        await new Promise<void>((resolve) => full.waiters.push(resolve));
        continue;
      }
      const wait = Math.max(0, ...budgets.map((b) => this.waitMs(b)));
      if (wait > 0) {
        await this.sleep(wait);
        continue;
      }
      for (const b of budgets) {
        b.tokens -= 1;
        b.inFlight += 1;
      }
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        for (const b of budgets) {
          b.inFlight -= 1;
          b.waiters.shift()?.();
        }
      };
    }
  }

  private budget(limit: RequestLimit): Budget {
    let b = this.budgets.get(limit.key);
    if (!b) {
      b = { limit, tokens: Math.max(1, limit.burst ?? 1), last: this.now(), inFlight: 0, waiters: [] };
      this.budgets.set(limit.key, b);
    }
    b.limit = limit;
    return b;
  }

  private waitMs(b: Budget): number {
    const at = this.now();
    const burst = Math.max(1, b.limit.burst ?? 1);
    b.tokens = Math.min(burst, b.tokens + ((at - b.last) / 1000) * b.limit.ratePerSecond);
    b.last = at;
    return b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) / b.limit.ratePerSecond) * 1000);
  }
}

// Metrc counts per facility and per vendor key, not per client object: every client in this process
// shares one limiter.
let processLimiter: InProcessRequestLimiter | null = null;

export function processRequestLimiter(): RequestLimiter {
  processLimiter ??= new InProcessRequestLimiter();
  return processLimiter;
}
