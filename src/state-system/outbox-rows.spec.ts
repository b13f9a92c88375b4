import { systemOfInventoryId, triesMade, waitReason, WORKER_GRACE_MS } from './outbox-rows';

const NOW = new Date('2026-12-02T12:00:00Z');
const at = (msFromNow: number) => new Date(NOW.getTime() + msFromNow);
const pending = (over: Partial<Parameters<typeof waitReason>[0]> = {}) => ({
  status: 'pending' as const,
  attempts: 0,
  lastError: null,
  nextAttemptAt: at(30_000),
  ...over,
});

describe('triesMade', () => {
  it('counts the try that delivered: a row delivered at once made one try, never zero', () => {
    expect(triesMade({ status: 'delivered', attempts: 0 })).toBe(1);
    expect(triesMade({ status: 'delivered', attempts: 2 })).toBe(3);
    expect(triesMade({ status: 'needs_state_action', attempts: 0 })).toBe(1);
  });

  it('counts only the failed tries of a row still pending or dead', () => {
    expect(triesMade({ status: 'pending', attempts: 0 })).toBe(0);
    expect(triesMade({ status: 'pending', attempts: 2 })).toBe(2);
    expect(triesMade({ status: 'dead', attempts: 5 })).toBe(5);
  });
});

describe('waitReason', () => {
  it('says nothing of rows that do not wait', () => {
    for (const status of ['delivered', 'dead', 'needs_state_action'] as const) expect(waitReason(pending({ status }), NOW)).toBeNull();
  });

  it('names the worker when the next try is past due, with the last answer', () => {
    const reason = waitReason(pending({ nextAttemptAt: at(-WORKER_GRACE_MS - 1), lastError: null }), NOW);
    expect(reason).toEqual({
      kind: 'worker',
      message: 'Waiting for the worker: the next try is past due, so no worker is taking it (is the worker running?).',
    });
    expect(waitReason(pending({ nextAttemptAt: at(-10 * 60_000), attempts: 1, lastError: 'unavailable: simulated 503' }), NOW)!.message).toMatch(
      /^Waiting for the worker.*The last answer was “unavailable: simulated 503”\.$/,
    );
    // Just due (within the grace) is the worker's normal delay, not a stall.
    expect(waitReason(pending({ nextAttemptAt: at(-5_000) }), NOW)!.kind).toBe('queued');
  });

  it('tells a rate limit and an outage from the state’s last answer', () => {
    expect(waitReason(pending({ attempts: 1, lastError: 'rate_limited: too many requests' }), NOW)).toEqual({
      kind: 'rate_limit',
      message: 'The state system limits how often LabTrace may call it; the next try waits for it. The last answer was “rate_limited: too many requests”.',
    });
    for (const lastError of ['unavailable: simulated 503', 'timeout: no answer in 10000 ms', 'connection: ECONNREFUSED'])
      expect(waitReason(pending({ attempts: 1, lastError }), NOW)).toMatchObject({
        kind: 'outage',
        message: expect.stringMatching(/did not answer or is down/),
      });
  });

  it('gives any other last answer as it was, and a row not tried yet as queued', () => {
    expect(waitReason(pending({ lastError: 'waiting for version 1 of this sample to reach the state before amending it' }), NOW)).toEqual({
      kind: 'failed',
      message: 'It will be tried again. The last answer was “waiting for version 1 of this sample to reach the state before amending it”.',
    });
    expect(waitReason(pending(), NOW)).toEqual({ kind: 'queued', message: 'Queued for its first try.' });
  });
});

describe('systemOfInventoryId', () => {
  it('tells BioTrack tags from Metrc labels by their syntax', () => {
    expect(systemOfInventoryId('1234567890123456')).toBe('BioTrack');
    expect(systemOfInventoryId('1A4000000000000000000101')).toBe('Metrc');
    expect(systemOfInventoryId('LT-2612-000001')).toBeNull();
    expect(systemOfInventoryId(undefined)).toBeNull();
  });
});
