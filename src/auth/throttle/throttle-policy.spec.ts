import { clientAddress, outcomeOfFailure, retryAfterSeconds, waitSchedule } from './throttle-policy';

describe('outcomeOfFailure', () => {
  const limits = { freeFailures: 3, lockFailures: 10 };
  const timing = { delayBaseMs: 1000, lockSeconds: 900 };

  it('costs nothing for the free failures, then waits 1 s, 2 s, 4 s … and locks at the 10th', () => {
    const outcomes = Array.from({ length: 11 }, (_, i) => outcomeOfFailure(i + 1, limits, timing));
    expect(outcomes).toEqual([
      { kind: 'none' },
      { kind: 'none' },
      { kind: 'none' },
      { kind: 'delay', ms: 1000 },
      { kind: 'delay', ms: 2000 },
      { kind: 'delay', ms: 4000 },
      { kind: 'delay', ms: 8000 },
      { kind: 'delay', ms: 16000 },
      { kind: 'delay', ms: 32000 },
      { kind: 'lock', ms: 900_000 },
      { kind: 'lock', ms: 900_000 },
    ]);
  });

  it('never waits longer than the lock, and a base of 0 turns waits off', () => {
    expect(outcomeOfFailure(60, { freeFailures: 0, lockFailures: 100 }, timing)).toEqual({ kind: 'delay', ms: 900_000 });
    expect(outcomeOfFailure(9, limits, { ...timing, delayBaseMs: 0 })).toEqual({ kind: 'none' });
    expect(outcomeOfFailure(10, limits, { ...timing, delayBaseMs: 0 })).toEqual({ kind: 'lock', ms: 900_000 });
  });
});

describe('waitSchedule (the table the failure-count script looks up)', () => {
  const timing = { delayBaseMs: 1000, lockSeconds: 900 };

  it('holds the wait after each failure below the lock, 0 for none: the failure after the last one locks', () => {
    expect(waitSchedule({ freeFailures: 3, lockFailures: 10 }, timing)).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 16000, 32000]);
    expect(waitSchedule({ freeFailures: 15, lockFailures: 15 }, { ...timing, delayBaseMs: 0 })).toEqual(Array(14).fill(0));
    expect(waitSchedule({ freeFailures: 0, lockFailures: 1 }, timing)).toEqual([]);
  });

  it('agrees with outcomeOfFailure for every failure count', () => {
    for (const limits of [
      { freeFailures: 3, lockFailures: 10 },
      { freeFailures: 20, lockFailures: 50 },
      { freeFailures: 0, lockFailures: 100 },
      { freeFailures: 12, lockFailures: 5 },
    ]) {
      const schedule = waitSchedule(limits, timing);
      for (let n = 1; n <= limits.lockFailures + 2; n++) {
        const expected = outcomeOfFailure(n, limits, timing);
        const fromTable = n > schedule.length ? { kind: 'lock', ms: 900_000 } : schedule[n - 1] > 0 ? { kind: 'delay', ms: schedule[n - 1] } : { kind: 'none' };
        expect({ n, outcome: fromTable }).toEqual({ n, outcome: expected });
      }
    }
  });
});

describe('retryAfterSeconds', () => {
  it('rounds up to whole seconds, at least 1', () => {
    expect([1, 999, 1000, 1001, 899_500].map(retryAfterSeconds)).toEqual([1, 1, 1, 2, 900]);
  });
});

describe('clientAddress', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress('::ffff:10.0.0.5', '203.0.113.9', 0)).toBe('10.0.0.5');
    expect(clientAddress('2001:db8::1', undefined, 0)).toBe('2001:db8::1');
  });

  it('takes the entry the trusted proxies appended, not one the client forged further left', () => {
    expect(clientAddress('10.0.0.1', '198.51.100.7, 203.0.113.9', 1)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.1', ['198.51.100.7', '203.0.113.9, 10.0.0.2'], 2)).toBe('203.0.113.9');
  });

  it('falls back to the leftmost known address when the chain is shorter than the hops', () => {
    expect(clientAddress('10.0.0.1', '203.0.113.9', 3)).toBe('203.0.113.9');
    expect(clientAddress(undefined, undefined, 1)).toBe('unknown');
  });
});
