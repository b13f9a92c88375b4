import { useInventoryIdSyntax } from '../traceability/inventory-id';
import { ImportTarget, planImport } from './import-plan';
import type { ParsedRow, ParseResult } from './parsers/parser.types';

const target = (labCode: string, acceptsResults = true): ImportTarget => ({
  id: `id-${labCode}`,
  labCode,
  sampleInventoryId: '1234567890123456',
  acceptsResults,
  status: acceptsResults ? 'in_testing' : 'released',
});
const targets = new Map([
  ['LT-2611-000001', target('LT-2611-000001')],
  ['LT-2611-000002', target('LT-2611-000002', false)],
]);
const row = (over: Partial<ParsedRow>): ParsedRow => ({
  line: 2,
  sampleRef: 'LT-2611-000001',
  analyte: 'Lead',
  raw: '0.1',
  value: '0.1',
  unit: 'µg/g',
  kind: 'sample',
  ...over,
});
// A reference is read as an inventory id by the state system's syntax (BioTrack's here).
beforeAll(() => useInventoryIdSyntax({ pattern: /^\d{16}$/, description: 'exactly 16 digits' }));

const parsed = (rows: ParsedRow[]): ParseResult => ({ format: 'generic-long-csv', meta: {}, rows, skipped: [{ line: 1, reason: 'header' }], warnings: [] });

describe('planImport', () => {
  it('groups matched rows per sample and analyte group, and accounts for every row', () => {
    const plan = planImport(
      parsed([
        row({ line: 2 }),
        row({ line: 3, analyte: 'Cd', value: undefined, qualifier: 'ND', raw: 'ND' }),
        row({ line: 4, analyte: 'Myclobutanil', value: '0.05', raw: '0.05' }),
        row({ line: 5, sampleRef: 'LT-2611-000999' }),
        row({ line: 6, sampleRef: 'LT-2611-000002' }),
        row({ line: 7, analyte: 'Unobtainium' }),
        row({ line: 8, analyte: 'Pb', value: '0.2', raw: '0.2' }),
        row({ line: 9, value: undefined, qualifier: 'NO_VALUE', raw: '-----', analyte: 'Hg' }),
        row({ line: 10, kind: 'blank', sampleRef: 'MB', analyte: 'Lead', value: '0.02', loq: '0.05' }),
      ]),
      (ref) => targets.get(ref),
    );
    expect(plan.samples).toHaveLength(1);
    expect(plan.samples[0].groups).toEqual([
      {
        group: 'metals',
        analytes: [expect.objectContaining({ analyte: 'lead', value: '0.1', unit: 'µg/g' }), expect.objectContaining({ analyte: 'cadmium', qualifier: 'ND' })],
      },
      { group: 'pesticides', analytes: [expect.objectContaining({ analyte: 'myclobutanil', value: '0.05' })] },
    ]);
    expect(plan.rejected.map((r) => [r.line, r.reason])).toEqual([
      [5, 'no sample with lab code LT-2611-000999'],
      [6, expect.stringMatching(/is released; it no longer takes results/)],
      [7, 'unknown analyte "Unobtainium"'],
      [8, expect.stringMatching(/Lead for LT-2611-000001 already comes from line 2/)],
      [9, expect.stringMatching(/no result in the cell "-----"/)],
    ]);
    expect(plan.unknownAnalytes).toEqual(['Unobtainium']);
    expect(plan.accounting).toEqual({ rows: 9, stored: 3, qc: 1, rejected: 5, skippedLines: 1 });
  });

  it('stores a negative reading as ND with a warning, never as zero or a number', () => {
    const plan = planImport(parsed([row({ value: '-0.003', raw: '-0.003', flags: ['negative_value'] })]), (ref) => targets.get(ref));
    expect(plan.samples[0].groups[0].analytes[0]).toMatchObject({ qualifier: 'ND' });
    expect(plan.samples[0].groups[0].analytes[0].value).toBeUndefined();
    expect(plan.warnings[0]).toMatch(/-0.003 .*stored as ND/);
  });

  it('stores qPCR detections as detected-not-quantified and non-detections as ND', () => {
    const plan = planImport(
      parsed([
        row({ analyte: 'Aspergillus flavus', unit: 'Cq', value: '28.4', raw: '28.4' }),
        row({ line: 3, analyte: 'Salmonella', unit: 'Cq', value: undefined, qualifier: 'ND', raw: 'NaN' }),
      ]),
      (ref) => targets.get(ref),
    );
    expect(plan.samples[0].groups[0].analytes.map((a) => [a.analyte, a.qualifier, a.unit])).toEqual([
      ['aspergillus-flavus', '<LOQ', 'CFU/g'],
      ['salmonella', 'ND', 'CFU/g'],
    ]);
  });

  it.each([
    [{ kind: 'blank' as const, value: '0.06', loq: '0.05' }, 'fail', /above LOQ/],
    [{ kind: 'blank' as const, value: '0.04', loq: '0.05' }, 'pass', /within LOQ/],
    [{ kind: 'blank' as const, value: undefined, qualifier: 'ND' as const }, 'pass', /blank ND/],
    [{ kind: 'spike' as const, value: '0.079', expected: '0.1' }, 'fail', /recovery 79.0 %/],
    [{ kind: 'spike' as const, value: '0.08', expected: '0.1' }, 'pass', /recovery 80.0 %/],
    [{ kind: 'check_standard' as const, value: '0.121', expected: '0.1' }, 'fail', /recovery 121.0 %/],
    [{ kind: 'calibration' as const, value: '0.1', expected: '0.1' }, 'not_judged', /calibration row recorded/],
  ])('judges QC row %o as %s', (over, verdict, detail) => {
    const plan = planImport(parsed([row({ sampleRef: 'QC', ...over })]), () => undefined);
    expect(plan.qc[0]).toMatchObject({ verdict, detail: expect.stringMatching(detail) });
  });
});

describe('planImport warnings', () => {
  it('says once per analyte that a unit was assumed, however many samples the file has', () => {
    const many = new Map([...Array(30).keys()].map((i) => [`LT-2611-1000${String(i).padStart(2, '0')}`, target(`LT-2611-1000${String(i).padStart(2, '0')}`)]));
    const rows = [...many.keys()].flatMap((ref, i) => [
      row({ line: 2 + i, sampleRef: ref, unit: undefined }),
      row({ line: 2 + i, sampleRef: ref, analyte: 'Myclobutanil', unit: undefined }),
    ]);
    const plan = planImport(parsed(rows), (ref) => many.get(ref));
    expect(plan.accounting.stored).toBe(60);
    expect(plan.warnings).toEqual([
      expect.stringMatching(/^line 2: the file gives no unit for Lead; its method unit µg\/g was assumed$/),
      expect.stringMatching(/no unit for Myclobutanil/),
      // No method was named for either group: stored, and said once (not per sample).
      expect.stringMatching(/^no method is named for the metals, pesticides results /),
    ]);
  });
});

describe('planImport sample references', () => {
  it('says a row names a sample we do not have, not that its analyte is unknown, whatever the analyte', () => {
    const plan = planImport(
      parsed([
        row({ line: 2, sampleRef: 'LT-2611-000777', analyte: 'Lead' }),
        row({ line: 3, sampleRef: 'LT-2611-000777', analyte: 'Unobtainium' }),
        row({ line: 4, sampleRef: '1234567890123456', analyte: 'Lead' }),
      ]),
      (ref) => targets.get(ref),
    );
    expect(plan.rejected.map((r) => [r.line, r.reason])).toEqual([
      [2, 'no sample with lab code LT-2611-000777'],
      [3, 'no sample with lab code LT-2611-000777'],
      [4, 'no sample with inventory id 1234567890123456'],
    ]);
    // The analyte is still listed as unknown, for the mapping to be fixed too.
    expect(plan.unknownAnalytes).toEqual(['Unobtainium']);
    expect(plan.samples).toEqual([]);
  });

  it('rejects a row whose reference names several samples (a lot sampled twice), naming them', () => {
    const plan = planImport(parsed([row({ sampleRef: '2000000000000002' })]), () => ({ several: ['LT-2611-000002', 'LT-2611-000003'] }));
    expect(plan.samples).toEqual([]);
    expect(plan.rejected).toEqual([
      {
        line: 2,
        sampleRef: '2000000000000002',
        analyte: 'Lead',
        reason: '"2000000000000002" names several samples (LT-2611-000002, LT-2611-000003); name one by its lab code',
      },
    ]);
  });

  it('surfaces the qPCR row flags as warnings instead of dropping them', () => {
    const late = row({ line: 6, analyte: 'Salmonella', value: undefined, qualifier: 'ND', raw: '36.8', unit: undefined, flags: ['cq_at_or_above_cutoff'] });
    const split = row({ line: 10, analyte: 'Aspergillus', value: '33.9', raw: '33.9', unit: 'Cq', flags: ['replicate_disagreement'] });
    const plan = planImport({ ...parsed([late, split]), format: 'biorad-cfx-cq', meta: { cqCutoff: '35' } }, (ref) => targets.get(ref));
    expect(plan.warnings).toEqual(
      expect.arrayContaining([
        'line 6: Salmonella for LT-2611-000001 amplified at Cq 36.8, at or after the cut-off 35: stored as not detected; review the curve',
        'line 10: replicate wells of Aspergillus for LT-2611-000001 disagree; the earliest detection was kept (33.9)',
      ]),
    );
    // The stored ND the late well made is listed for a QC flag; the detection is not.
    expect(plan.lateAmplifications).toEqual([
      { sampleId: 'id-LT-2611-000001', line: 6, sampleRef: 'LT-2611-000001', analyte: 'salmonella', group: 'microbials', raw: '36.8' },
    ]);
    const many = Array.from({ length: 25 }, (_, i) => ({ ...late, line: i + 2, sampleRef: `S-${i}` }));
    const flagged = planImport(parsed(many), () => undefined).warnings.filter((w) => /cut-?off/.test(w));
    expect(flagged).toHaveLength(21);
    expect(flagged[20]).toBe('5 more rows flagged cq_at_or_above_cutoff');
  });
});
