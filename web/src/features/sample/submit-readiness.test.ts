import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { submitBlocker } from './submit-readiness';

const row = {};

describe('submit readiness', () => {
  it('is ready when every required analyte is accounted for', () => {
    assert.equal(submitBlocker({ accountedFor: true, groups: [{ analytes: [row] }], missingGroups: [], missingAnalytes: {} }), null);
  });

  it('says there are no results yet on a sample with none', () => {
    const blocker = submitBlocker({
      accountedFor: false,
      groups: [{ analytes: [] }, { analytes: [] }],
      missingGroups: ['cannabinoids', 'foreign_matter'],
      missingAnalytes: {},
    });
    assert.equal(blocker, 'No results yet: enter results before submitting for review.');
  });

  it('names missing groups and analytes in words', () => {
    const names: Record<string, string> = { lead: 'Lead', cadmium: 'Cadmium' };
    const blocker = submitBlocker(
      {
        accountedFor: false,
        groups: [{ analytes: [row] }],
        missingGroups: ['water_activity'],
        missingAnalytes: { metals: ['lead', 'cadmium'], water_activity: ['water-activity'] },
      },
      (id) => names[id] ?? id,
    );
    assert.equal(
      blocker,
      'Not ready for review: no results for Water activity; Heavy metals is missing 2 (Lead, Cadmium). Enter them, or have a manager mark them not tested.',
    );
  });

  it('shortens a long list of missing analytes', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const blocker = submitBlocker({ accountedFor: false, groups: [{ analytes: [row] }], missingGroups: [], missingAnalytes: { pesticides: ids } });
    assert.match(blocker!, /Pesticides is missing 7 \(a, b, c, d, e and 2 more\)/);
  });

  it('waits for the results before deciding', () => {
    assert.equal(submitBlocker(undefined), 'Checking the results…');
  });
});
