import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  // A manual clock: sleeping advances time, so the test observes exactly when each caller was let through.
  function fakeClock() {
    let now = 0;
    const passes: number[] = [];
    return {
      now: () => now,
      sleep: async (ms: number) => {
        now += ms;
      },
      passes,
      mark: () => passes.push(now),
    };
  }

  it('lets a burst through at once, then spaces callers by 1/rate', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(4, 2, clock.now, clock.sleep);
    for (let i = 0; i < 5; i++) await bucket.take().then(clock.mark);
    expect(clock.passes).toEqual([0, 0, 250, 500, 750]);
  });

  it('serves concurrent callers in arrival order, never faster than the rate', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(10, 1, clock.now, clock.sleep);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => bucket.take().then(() => order.push(i) && clock.mark())));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(clock.passes).toEqual([0, 100, 200, 300]);
  });

  it('refills while idle but never above the burst', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(2, 2, clock.now, clock.sleep);
    await bucket.take();
    await bucket.take();
    await clock.sleep(10_000);
    expect(bucket.waitMs()).toBe(0);
    await bucket.take();
    await bucket.take();
    expect(bucket.waitMs()).toBe(500);
  });
});
