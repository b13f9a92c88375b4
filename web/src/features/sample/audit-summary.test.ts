import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarise } from './audit-summary';

describe('summarise (the audit trail’s Change column)', () => {
  it('names each row judged again under a new limit set, with its verdict and limit before and after', () => {
    const after = {
      version: 1,
      limitSet: 'NY 2026-12',
      limitSetId: 'b7',
      rejudged: [
        {
          group: 'metals',
          analyte: 'lead',
          status: { from: 'pass', to: 'fail' },
          limit: { from: '≤ 0.5 µg/g', to: '≤ 0.1 µg/g' },
          limitSetId: { from: 'a1', to: 'b7' },
        },
        {
          group: 'metals',
          analyte: 'arsenic',
          status: { from: 'pass', to: 'pass' },
          limit: { from: '≤ 0.2 µg/g', to: '≤ 0.2 µg/g' },
          limitSetId: { from: 'a1', to: 'b7' },
        },
        {
          group: 'cannabinoids',
          analyte: 'total_thc',
          status: { from: null, to: 'info' },
          limit: { from: null, to: null },
          limitSetId: { from: null, to: 'b7' },
        },
      ],
    };
    assert.equal(
      summarise(after),
      'judged again under NY 2026-12: lead pass → fail (limit ≤ 0.5 µg/g → ≤ 0.1 µg/g), arsenic pass (limit ≤ 0.2 µg/g), total_thc none → info (limit none)',
    );
  });

  it('still shows a group’s analytes and other changes as before', () => {
    assert.equal(summarise({ group: 'metals', version: 2, analytes: [{ analyte: 'lead', value: '0.12', unit: 'µg/g' }] }), 'Heavy metals: lead 0.12 µg/g (v2)');
    assert.equal(summarise({ status: 'released', coaVersion: 1 }), 'status: released, coaVersion: 1');
  });
});
