import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analysisLine, cellChanged, factsLine, provenanceLine, type DiffSide } from './amendment-diff-model';
import type { AnalyteChange } from './amendments-api';

const ICP_MS = 'Heavy metals by ICP-MS (SOP-CHEM-103 rev 3)';
const side = (over: Partial<DiffSide> = {}): DiffSide => ({
  value: '11.2',
  qualifier: null,
  unit: '%',
  status: 'report_only',
  lod: '0.1',
  loq: '0.3',
  limit: null,
  method: 'Moisture by loss on drying (SOP-PHY-201)',
  methodId: 'LT-M-MOIST-01',
  analysedDay: '2026-12-03',
  ...over,
});
const change = (fields: string[], before: DiffSide | null, after: DiffSide | null, kind: AnalyteChange['change'] = 'changed'): AnalyteChange =>
  ({ analyte: 'moisture', name: 'Moisture', computed: false, change: kind, fields, before, after }) as AnalyteChange;

test('a re-dated result shows both analysed days, marked, and nothing of the unchanged method', () => {
  const redated = change(['analysedDay'], side(), side({ analysedDay: '2026-12-04' }));
  assert.equal(analysisLine(redated.before, redated), 'Analysed: 2026-12-03');
  assert.equal(analysisLine(redated.after, redated), 'Analysed: 2026-12-04');
  assert.equal(cellChanged(redated, 'analysis'), true);
  assert.equal(cellChanged(redated, 'value'), false);
  assert.equal(cellChanged(redated, 'facts'), false);
  // The LOD is shown only where it changed: here the facts line is the LOQ alone, as before.
  assert.equal(factsLine(redated.after, redated), 'LOQ 0.3');
});

test('a method named in words instead of the registry’s shows both methods with the id, and the LOD that went with it', () => {
  const kf = change(['lod', 'loq', 'method', 'methodId'], side(), side({ method: 'Karl Fischer titration (KF-99)', methodId: null, lod: null, loq: null }));
  assert.equal(analysisLine(kf.before, kf), 'Method: Moisture by loss on drying (SOP-PHY-201) [LT-M-MOIST-01]');
  assert.equal(analysisLine(kf.after, kf), 'Method: Karl Fischer titration (KF-99)');
  assert.equal(factsLine(kf.before, kf), 'LOD 0.1 · LOQ 0.3');
  assert.equal(factsLine(kf.after, kf), 'LOD none');
  assert.equal(cellChanged(kf, 'analysis'), true);
  assert.equal(cellChanged(kf, 'facts'), true);
});

test('a value correction shows no method or day line, and the LOQ and limit as before', () => {
  const lead = change(
    ['value'],
    side({ value: '0.12', unit: 'µg/g', loq: '0.05', limit: '≤ 0.5 µg/g', method: ICP_MS }),
    side({ value: '0.31', unit: 'µg/g', loq: '0.05', limit: '≤ 0.5 µg/g', method: ICP_MS }),
  );
  assert.equal(analysisLine(lead.before, lead), null);
  assert.equal(analysisLine(lead.after, lead), null);
  assert.equal(factsLine(lead.after, lead), 'LOQ 0.05 · limit ≤ 0.5 µg/g');
  assert.equal(cellChanged(lead, 'value'), true);
  assert.equal(cellChanged(lead, 'analysis'), false);
});

test('an added analyte shows how and when it was measured; one from an amendment older than these facts shows nothing', () => {
  const added = change(['value', 'method', 'analysedDay'], null, side({ methodId: null, method: 'GC-FID re-injection', analysedDay: null }), 'added');
  assert.equal(analysisLine(added.after, added), 'Method: GC-FID re-injection · Analysed: not recorded');
  assert.equal(cellChanged(added, 'analysis'), false, 'an added row is marked whole, not cell by cell');
  const old = { value: '0.12', qualifier: null, unit: '%', status: 'pass', loq: '0.05', limit: null };
  const legacy = change(['value', 'qualifier', 'unit', 'status', 'loq', 'limit'], null, old, 'added');
  assert.equal(analysisLine(legacy.after, legacy), null);
  assert.equal(factsLine(legacy.after, legacy), 'LOQ 0.05');
});

test('another lab’s row: a re-test shows it becoming this lab’s, a transcription correction keeps that lab and says so; this lab’s rows show nothing', () => {
  const SC = 'SC Laboratories California LLC';
  const theirs = (over: Partial<DiffSide> = {}) => side({ value: '31.04', method: `as reported on the COA of ${SC}`, methodId: null, reportedBy: SC, ...over });
  const retest = change(['value', 'method', 'analysedDay', 'reportedBy'], theirs(), theirs({ value: '29.80', method: 'HPLC-DAD re-test', reportedBy: null }));
  assert.equal(provenanceLine(retest.before, retest, 'before'), `Reported by ${SC}`);
  assert.equal(provenanceLine(retest.after, retest, 'after'), 'Reported by this laboratory (re-test)');
  assert.equal(cellChanged(retest, 'provenance'), true);

  const corrected = change(['value'], theirs(), theirs({ value: '31.40' }));
  assert.equal(provenanceLine(corrected.before, corrected, 'before'), `Reported by ${SC}`);
  assert.equal(provenanceLine(corrected.after, corrected, 'after'), `Reported by ${SC} (transcription corrected by this laboratory)`);
  assert.equal(cellChanged(corrected, 'provenance'), false);

  const ours = change(['value'], side({ reportedBy: null }), side({ value: '11.9', reportedBy: null }));
  assert.equal(provenanceLine(ours.after, ours, 'after'), null);
  // Amendments requested before the field (no reportedBy), and unchanged rows, show none.
  const legacy = change(['value'], side(), side({ value: '11.9' }));
  assert.equal(provenanceLine(legacy.after, legacy, 'after'), null);
  assert.equal(provenanceLine(theirs(), change([], theirs(), theirs(), 'unchanged'), 'after'), null);
});
