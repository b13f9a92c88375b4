import { fullJitterMs, retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  it('doubles the ceiling per attempt up to the cap, jittered below it', () => {
    expect(retryDelayMs(1, () => 0.999999)).toBe(1999);
    expect(retryDelayMs(3, () => 0.5)).toBe(4000);
    expect(retryDelayMs(30, () => 0.5)).toBe(300000);
  });
  it('never retries in under a quarter second', () => {
    expect(retryDelayMs(1, () => 0)).toBe(250);
  });
});

describe('fullJitterMs', () => {
  it('draws below a ceiling that doubles per attempt and stops at the cap', () => {
    expect([1, 2, 3].map((n) => fullJitterMs(n, 100, 1000, () => 1))).toEqual([100, 200, 400]);
    expect(fullJitterMs(9, 100, 1000, () => 1)).toBe(1000);
    expect(fullJitterMs(2, 100, 1000, () => 0.25)).toBe(50);
  });
});
