import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SampleResults } from '../../api/types';
import { releaseBlockers } from '../review/release-check';
import { accountedFor, notTestedOf } from './not-tested-api';

const mark = {
  analyte: 'acephate',
  name: 'Acephate',
  reason: 'LC-MS/MS down',
  markedBy: 'Morgan Manager <manager@demo.lab>',
  markedAt: '2026-12-01T10:00:00Z',
};

/** A results answer as the API gives it now (with the fields newer than the generated types). */
function results(fields: Record<string, unknown>): SampleResults {
  return {
    status: 'incomplete',
    reason: 'Partial',
    missingGroups: [],
    groups: [{ group: 'pesticides', analytes: [], notTested: [mark] }],
    ...fields,
  } as unknown as SampleResults;
}

test('reads the not-tested marks of a group, and none from an answer without them', () => {
  assert.deepEqual(notTestedOf({ group: 'pesticides', notTested: [mark] }), [mark]);
  assert.deepEqual(notTestedOf({ group: 'pesticides' }), []);
});

test('a partial certificate (gaps only marked not tested) is accounted for; missing analytes are not', () => {
  assert.equal(accountedFor({ status: 'incomplete', accountedFor: true } as { status: string }), true);
  assert.equal(accountedFor({ status: 'incomplete', accountedFor: false } as { status: string }), false);
  assert.equal(accountedFor({ status: 'incomplete' }), false);
  assert.equal(accountedFor({ status: 'pass' }), true);
});

test('a partial certificate may be released by another manager, not by the one who marked', () => {
  assert.deepEqual(releaseBlockers(results({ accountedFor: true }), [], { email: 'manager2@demo.lab' }), []);
  assert.deepEqual(releaseBlockers(results({ accountedFor: true }), [], { email: 'manager@demo.lab' }), [
    'You marked 1 analyte(s) not tested; another manager must review and release them.',
  ]);
  assert.deepEqual(releaseBlockers(results({ accountedFor: false, reason: 'pesticides missing 56' }), [], { email: 'manager2@demo.lab' }), [
    'Results are incomplete: pesticides missing 56',
  ]);
});
