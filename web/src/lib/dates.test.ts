import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeDeadline, formatDateTime, labDayEndIso, labDayStartIso } from './dates';

describe('lab time zone (America/New_York)', () => {
  test('a calendar day starts at New York midnight, across daylight saving changes', () => {
    assert.equal(labDayStartIso('2026-01-15'), '2026-01-15T05:00:00.000Z');
    assert.equal(labDayStartIso('2026-07-01'), '2026-07-01T04:00:00.000Z');
    assert.equal(labDayStartIso('2026-03-08'), '2026-03-08T05:00:00.000Z');
    assert.equal(labDayEndIso('2026-03-08'), '2026-03-09T04:00:00.000Z');
    assert.equal(labDayEndIso('2026-11-01'), '2026-11-02T05:00:00.000Z');
  });

  test('instants are shown in the lab zone whatever the machine zone', () => {
    assert.equal(formatDateTime('2026-03-14T12:54:00Z'), 'Mar 14, 2026, 8:54 AM EDT');
    assert.equal(formatDateTime('2026-01-02T03:04:00Z'), 'Jan 1, 2026, 10:04 PM EST');
    assert.equal(formatDateTime(null), '—');
  });

  test('the 48-hour clock in words', () => {
    const now = Date.parse('2026-03-14T12:00:00Z');
    assert.deepEqual(describeDeadline('2026-03-15T19:30:00Z', now), { text: '31 h 30 min left', overdue: false, hoursLeft: 31.5 });
    assert.equal(describeDeadline('2026-03-14T11:15:00Z', now).text, '45 min overdue');
  });
});
