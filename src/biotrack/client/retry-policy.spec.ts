import { BiotrackError } from './biotrack.error';
import { parseRetryAfter, retryDelay } from './retry-policy';

const policy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000 };
const unavailable = new BiotrackError('unavailable', 'down', { httpStatus: 503 });

describe('retryDelay', () => {
  it.each([
    ['validation', 422],
    ['conflict', 409],
    ['not_found', 404],
    ['unauthorized', 401],
    ['duplicate', 409],
  ] as const)('never retries a %s refusal (%d)', (code, status) => {
    expect(retryDelay(new BiotrackError(code, 'no', { httpStatus: status }), 1, policy)).toBeNull();
  });

  it.each([
    [new BiotrackError('unavailable', 'x', { httpStatus: 503 })],
    [new BiotrackError('unexpected', 'x', { httpStatus: 500 })],
    [new BiotrackError('timeout', 'x', { outcomeUnknown: true })],
    [new BiotrackError('connection', 'x')],
    [new BiotrackError('rate_limited', 'x', { httpStatus: 429 })],
  ])('retries transient failures: %s', (error) => {
    expect(retryDelay(error, 1, policy, () => 1)).toBe(100);
  });

  it('doubles the ceiling each attempt, capped, with full jitter', () => {
    expect([1, 2, 3].map((n) => retryDelay(unavailable, n, { ...policy, maxRetries: 9 }, () => 1))).toEqual([100, 200, 400]);
    expect(retryDelay(unavailable, 8, { ...policy, maxRetries: 9 }, () => 1)).toBe(1000);
    expect(retryDelay(unavailable, 3, policy, () => 0.5)).toBe(200);
    expect(retryDelay(unavailable, 1, policy, () => 0)).toBe(1);
  });

  it('stops after maxRetries', () => {
    expect(retryDelay(unavailable, 4, policy)).toBeNull();
  });

  it('honours Retry-After over its own backoff, within the cap', () => {
    const limited = new BiotrackError('rate_limited', 'slow down', { httpStatus: 429, retryAfterMs: 700 });
    expect(retryDelay(limited, 1, policy, () => 0)).toBe(700);
    expect(retryDelay(new BiotrackError('rate_limited', 'x', { httpStatus: 429, retryAfterMs: 5000 }), 1, policy)).toBe(1000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:03 GMT', Date.parse('2026-11-25T10:00:00Z'))).toBe(3000);
    expect(parseRetryAfter(undefined)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});
