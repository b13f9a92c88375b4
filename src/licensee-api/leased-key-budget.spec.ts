import { LeasedKeyBudget, LeaseSource } from './leased-key-budget';

/** A shared bucket as the Lua script keeps it, on a fake clock, counting the round trips. */
function bucket(rate: number, burst: number, clock: { t: number }): LeaseSource & { asked: number[] } {
  let level = burst;
  let at = clock.t;
  const asked: number[] = [];
  return {
    asked,
    lease(_key, wanted) {
      asked.push(wanted);
      level = Math.min(burst, level + ((clock.t - at) / 1000) * rate);
      at = clock.t;
      if (level < 1) return Promise.resolve({ granted: 0, waitMs: Math.ceil(((1 - level) * 1000) / rate) });
      const granted = Math.min(wanted, Math.floor(level));
      level -= granted;
      return Promise.resolve({ granted, waitMs: 0 });
    },
  };
}

describe('LeasedKeyBudget', () => {
  it('at the default rate (20/s, burst 40) asks the bucket for one token per request: the limit is exact', async () => {
    const clock = { t: 0 };
    const source = bucket(20, 40, clock);
    const budget = new LeasedKeyBudget(source, { ratePerSecond: 20, burst: 40, now: () => clock.t });
    const answers = [];
    for (let i = 0; i < 41; i++) answers.push(await budget.take('k'));
    expect(answers.filter((a) => a.allowed)).toHaveLength(40);
    expect(answers[40]).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(new Set(source.asked)).toEqual(new Set([1]));
  });

  it('a busy key leases more tokens each time a lease runs out early, up to 1/16 of the rate', async () => {
    const clock = { t: 0 };
    const source = bucket(1600, 1600, clock);
    const budget = new LeasedKeyBudget(source, { ratePerSecond: 1600, burst: 1600, now: () => clock.t });
    for (let i = 0; i < 1000; i++) {
      expect((await budget.take('k')).allowed).toBe(true);
      clock.t += 0.5;
    }
    expect(source.asked.slice(0, 8)).toEqual([1, 2, 4, 8, 16, 32, 64, 100]);
    expect(Math.max(...source.asked)).toBe(100);
    // 1000 requests, about 20 round trips.
    expect(source.asked.length).toBeLessThan(25);
  });

  it('a lease spends nothing after it expires, and the next one is smaller', async () => {
    const clock = { t: 0 };
    const source = bucket(1600, 1600, clock);
    const budget = new LeasedKeyBudget(source, { ratePerSecond: 1600, burst: 1600, leaseTtlMs: 250, now: () => clock.t });
    for (let i = 0; i < 4; i++) await budget.take('k'); // leases 1, 2, 4 (3 tokens of the last left)
    expect(budget.takeLeased('k')).toBe(true);
    clock.t += 250;
    expect(budget.takeLeased('k')).toBe(false);
    await budget.take('k');
    expect(source.asked).toEqual([1, 2, 4, 2]);
  });

  it('requests arriving together share one round trip', async () => {
    const clock = { t: 0 };
    const source = bucket(1600, 1600, clock);
    const budget = new LeasedKeyBudget(source, { ratePerSecond: 1600, burst: 1600, now: () => clock.t });
    await budget.take('k');
    await budget.take('k'); // lease of 2, one left
    await budget.take('k');
    const answers = await Promise.all(Array.from({ length: 4 }, () => budget.take('k')));
    expect(answers.every((a) => a.allowed)).toBe(true);
    expect(source.asked).toEqual([1, 2, 4]);
  });

  it('never spends more than the bucket gave, and refuses with the wait when it is empty', async () => {
    const clock = { t: 0 };
    const source = bucket(160, 160, clock);
    const budget = new LeasedKeyBudget(source, { ratePerSecond: 160, burst: 160, now: () => clock.t });
    let allowed = 0;
    let refused: { allowed: boolean; retryAfterSeconds: number } | undefined;
    for (let i = 0; i < 400; i++) {
      const d = await budget.take('k');
      if (d.allowed) allowed++;
      else refused = d;
    }
    expect(allowed).toBe(160);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('keys do not share leases', async () => {
    const clock = { t: 0 };
    const source = bucket(1, 1, clock);
    const budget = new LeasedKeyBudget(source, { ratePerSecond: 1, burst: 1, now: () => clock.t });
    expect((await budget.take('a')).allowed).toBe(true);
    expect(budget.takeLeased('b')).toBe(false);
  });

  it('a failing bucket fails the request (the caller falls back) and leaves no lease pending', async () => {
    let fail = true;
    const budget = new LeasedKeyBudget(
      { lease: () => (fail ? Promise.reject(new Error('down')) : Promise.resolve({ granted: 1, waitMs: 0 })) },
      { ratePerSecond: 20, burst: 40 },
    );
    await expect(budget.take('k')).rejects.toThrow('down');
    fail = false;
    await expect(budget.take('k')).resolves.toEqual({ allowed: true, retryAfterSeconds: 0 });
  });
});
