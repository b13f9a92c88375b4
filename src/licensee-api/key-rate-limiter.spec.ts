import { KeyRateLimiter } from './key-rate-limiter';

describe('KeyRateLimiter', () => {
  it('allows the burst, refuses the next with a Retry-After, and refills at the rate', () => {
    let now = 0;
    const limiter = new KeyRateLimiter(2, 3, () => now);
    expect([1, 2, 3].map(() => limiter.take('k').allowed)).toEqual([true, true, true]);
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 500; // half a second refills one token at 2/s
    expect(limiter.take('k').allowed).toBe(true);
    expect(limiter.take('k').allowed).toBe(false);
  });

  it('keeps keys apart', () => {
    const limiter = new KeyRateLimiter(1, 1, () => 0);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('never asks a slow-rate client to wait less than a second', () => {
    const limiter = new KeyRateLimiter(0.1, 1, () => 0);
    limiter.take('k');
    expect(limiter.take('k').retryAfterSeconds).toBe(10);
  });
});
