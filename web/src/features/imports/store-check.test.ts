import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CoaImportSummary, InstrumentImportSummary } from '../../api/imports';
import { storeBlocker } from './store-check';

const instrument = (over: Partial<InstrumentImportSummary> = {}): { kind: 'instrument'; data: InstrumentImportSummary } => ({
  kind: 'instrument',
  data: {
    id: null,
    dryRun: true,
    format: 'generic-long-csv',
    rows: 3,
    stored: 0,
    matched: [],
    unmatched: [],
    unknownAnalytes: [],
    qcVerdicts: [],
    warnings: [],
    ...over,
  },
});

describe('storeBlocker', () => {
  test('a preview with rows to store can be stored', () => {
    assert.equal(storeBlocker(instrument({ matched: [{ sampleId: 's', labCode: 'LT-2612-000001', rows: 2 }] })), null);
  });

  test('a preview that would store 0 rows says why, counting the unmatched and QC rows', () => {
    const none = instrument({
      unmatched: [
        { line: 2, sampleRef: 'LT-2612-000009', analyte: 'Lead', reason: 'no sample with lab code LT-2612-000009' },
        { line: 3, sampleRef: 'LT-2612-000009', analyte: 'Cadmium', reason: 'no sample with lab code LT-2612-000009' },
      ],
      qcVerdicts: [{ kind: 'blank', verdict: 'pass' }],
    });
    assert.equal(
      storeBlocker(none),
      'Nothing would be stored: no row matches a sample that takes results; 2 rows were not matched (reasons below), 1 QC row is judged, not stored.',
    );
    assert.equal(storeBlocker(instrument({ rows: 0 })), 'Nothing would be stored: no row matches a sample that takes results.');
  });

  test('a file seen before, a stored import and no preview cannot be stored either', () => {
    assert.match(storeBlocker(instrument({ duplicate: true, matched: [{ sampleId: 's', labCode: null, rows: 4 }] }))!, /imported before/);
    assert.match(storeBlocker(instrument({ dryRun: false, matched: [{ sampleId: 's', labCode: null, rows: 4 }] }))!, /are stored/);
    assert.equal(storeBlocker(null), 'Preview a file first.');
  });

  test('a COA preview needs its sample and an accepted row', () => {
    const coa = (over: Partial<CoaImportSummary>) => ({
      kind: 'coa' as const,
      data: { dryRun: true, duplicate: false, sampleId: 's', accepted: 5, ...over } as CoaImportSummary,
    });
    assert.equal(storeBlocker(coa({})), null);
    assert.match(storeBlocker(coa({ sampleId: null }))!, /choose the sample/);
    assert.match(storeBlocker(coa({ accepted: 0 }))!, /no row of this COA was accepted/);
  });
});
