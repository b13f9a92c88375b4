import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analysedAtField, analysisDateOf, asksForAnalysisDate } from './analysis-date';

describe('analysis date of an instrument file', () => {
  test('is asked for when the file states none (dated at the upload, or by a date given here)', () => {
    assert.equal(asksForAnalysisDate({ meta: { analysisDate: { from: 'upload', at: '2026-12-06T02:30:00.000Z' } } }), true);
    assert.equal(asksForAnalysisDate({ meta: { analysisDate: { from: 'form', at: '2026-12-05T05:00:00.000Z' } } }), true);
    assert.equal(asksForAnalysisDate({ meta: { analysisDate: { from: 'file', at: '2026-03-14T14:25:00.000Z' } } }), false);
    assert.equal(asksForAnalysisDate({ meta: { analysisDate: { from: 'earlier_import', at: '2026-12-01T05:00:00.000Z', importId: 'r' } } }), false);
    // An older server says nothing: nothing is asked.
    assert.equal(asksForAnalysisDate({ meta: { cqCutoff: '35' } }), false);
    assert.equal(analysisDateOf({}), null);
  });

  test('sends a typed day, and nothing for an empty input', () => {
    assert.equal(analysedAtField(' 2026-12-05 '), '2026-12-05');
    assert.equal(analysedAtField(''), null);
    assert.equal(analysedAtField('12/05/2026'), null);
  });
});
