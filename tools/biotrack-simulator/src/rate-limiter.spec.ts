import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a one-second burst per key, then says when the next token arrives', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(4, () => now);
    for (let i = 0; i < 4; i++) expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('b')).toEqual({ allowed: true });
    now += 250; // one token at 4/s
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('rounds Retry-After up to whole seconds for slow rates and never refills past the burst', () => {
    let now = 0;
    const limiter = new RateLimiter(0.25, () => now);
    expect(limiter.take('k')).toEqual({ allowed: true });
    now += 1000;
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 3 });
    now += 3000;
    expect(limiter.take('k')).toEqual({ allowed: true });
    const fast = new RateLimiter(2, () => now);
    fast.take('k');
    now += 60_000;
    expect([fast.take('k'), fast.take('k'), fast.take('k')].map((d) => d.allowed)).toEqual([true, true, false]);
  });

  it('forgets every bucket on reset', () => {
    const limiter = new RateLimiter(1, () => 0);
    limiter.take('k');
    expect(limiter.take('k').allowed).toBe(false);
    limiter.reset();
    expect(limiter.take('k').allowed).toBe(true);
  });
});
