import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nextTryText, outboxQuery, pageCount, updatedAtText } from './outbox';

describe('the outbox page query', () => {
  test('asks for one page by limit and offset, with the filters set', () => {
    assert.equal(outboxQuery({ page: 1, pageSize: 25 }), 'limit=25&offset=0');
    assert.equal(outboxQuery({ status: 'pending', system: 'Metrc', page: 3, pageSize: 25 }), 'status=pending&system=Metrc&limit=25&offset=50');
  });

  test('counts pages, one at least', () => {
    assert.equal(pageCount(0, 25), 1);
    assert.equal(pageCount(25, 25), 1);
    assert.equal(pageCount(26, 25), 2);
  });
});

describe('nextTryText', () => {
  const at = (iso: string) => `at ${iso.slice(11, 16)}`;
  test('a stalled row says the try was due; a waiting one when it comes', () => {
    const worker = { kind: 'worker' as const, message: '' };
    assert.equal(nextTryText({ status: 'pending', nextAttemptAt: '2026-12-02T10:00:00Z', waiting: worker }, at), 'Next try was due at 10:00.');
    assert.equal(nextTryText({ status: 'pending', nextAttemptAt: '2026-12-02T12:30:00Z', waiting: null }, at), 'Next try at 12:30.');
  });
  test('says nothing for rows that do not wait', () => {
    assert.equal(nextTryText({ status: 'delivered', nextAttemptAt: null, waiting: null }, at), null);
  });
});

describe('updatedAtText', () => {
  test('gives the time to the second in the lab zone, and how often the screen refreshes', () => {
    assert.equal(updatedAtText(Date.parse('2026-12-02T06:02:07Z'), 'America/New_York'), 'Updated 1:02:07 AM; refreshes every 15 s');
  });
});
