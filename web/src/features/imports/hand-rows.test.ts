import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { handRowsOf, reasonBlocker, reasonField } from './hand-rows';

const lead = {
  sampleId: 's',
  labCode: 'LT-2612-000001',
  group: 'metals',
  analyte: 'lead',
  changedBy: 'hand entry by Alice Brown',
  before: '0.10 µg/g',
  after: '0.12 µg/g',
};

describe('rows written by hand that an import changes', () => {
  test('are read from the answer, and none from a server that does not say', () => {
    assert.deepEqual(handRowsOf({ replacesHandRows: [lead] }), [lead]);
    assert.deepEqual(handRowsOf({}), []);
  });

  test('hold back Store results until a reason is typed (blank is none); a stored answer or a preview without them does not', () => {
    assert.equal(
      reasonBlocker({ dryRun: true, replacesHandRows: [lead] }, '  '),
      'This file changes 1 result written by hand or by an amendment; say why under Reason to store it.',
    );
    assert.equal(reasonBlocker({ dryRun: true, replacesHandRows: [lead] }, 're-export checked'), null);
    assert.equal(reasonBlocker({ dryRun: false, replacesHandRows: [lead] }, ''), null);
    assert.equal(reasonBlocker({ dryRun: true, replacesHandRows: [] }, ''), null);
    assert.equal(reasonField(' checked '), 'checked');
    assert.equal(reasonField(' '), null);
  });
});
