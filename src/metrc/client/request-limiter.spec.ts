import { InProcessRequestLimiter, RequestLimit } from './request-limiter';

/** A clock that only moves when the limiter sleeps. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

describe('InProcessRequestLimiter', () => {
  const facility: RequestLimit = { key: 'facility:lab', ratePerSecond: 2, concurrency: 10 };
  const vendor: RequestLimit = { key: 'vendor:v', ratePerSecond: 3, concurrency: 10 };

  it('spaces requests evenly at the rate of the tightest limit', async () => {
    const clock = fakeClock();
    const limiter = new InProcessRequestLimiter(clock.now, clock.sleep);
    for (let i = 0; i < 4; i++) (await limiter.acquire([facility, vendor]))();
    // The facility's 2/s is tighter than the vendor key's 3/s: one every 500 ms.
    expect(clock.sleeps).toEqual([500, 500, 500]);
  });

  it('lets a configured burst through after a quiet spell', async () => {
    const clock = fakeClock();
    const limiter = new InProcessRequestLimiter(clock.now, clock.sleep);
    for (let i = 0; i < 4; i++) (await limiter.acquire([{ ...facility, burst: 2 }]))();
    expect(clock.sleeps).toEqual([500, 500]);
  });

  it('holds a request while the concurrency cap is reached, until one ends', async () => {
    const clock = fakeClock();
    const limiter = new InProcessRequestLimiter(clock.now, clock.sleep);
    const tight: RequestLimit = { key: 'facility:tight', ratePerSecond: 100, concurrency: 2 };
    const endFirst = await limiter.acquire([tight]);
    await limiter.acquire([tight]);
    let third = false;
    const pending = limiter.acquire([tight]).then(() => (third = true));
    await new Promise((r) => setImmediate(r));
    expect([third, limiter.inFlight(tight.key)]).toEqual([false, 2]);
    endFirst();
    await pending;
    expect([third, limiter.inFlight(tight.key)]).toEqual([true, 2]);
  });

  it('counts each key once however many clients share it, and ending twice frees one slot', async () => {
    const clock = fakeClock();
    const limiter = new InProcessRequestLimiter(clock.now, clock.sleep);
    const end = await limiter.acquire([facility, vendor]);
    end();
    end();
    expect([limiter.inFlight(facility.key), limiter.inFlight(vendor.key)]).toEqual([0, 0]);
  });
});
