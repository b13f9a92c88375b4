import type { StoredRowOrigin } from '../results/row-origins';
import { planImport, type ImportTarget } from './import-plan';
import type { ParsedRow, ParseResult } from './parsers/parser.types';
import { handRowsChanged, handRowsReasonMessage, handRowsWarnings, leftAsIsAudits, NAMED_ROWS_MAX, reimportPlan, replacedSinceWarnings } from './reimport-rows';

const target: ImportTarget = { id: 's-1', labCode: 'LT-2612-000001', sampleInventoryId: '1234567890123456', acceptsResults: true, status: 'in_testing' };
const row = (line: number, analyte: string, value: string): ParsedRow => ({
  line,
  sampleRef: target.labCode!,
  analyte,
  raw: value,
  value,
  unit: 'µg/g',
  kind: 'sample',
});
const file: ParseResult = {
  format: 'generic-long-csv',
  meta: {},
  rows: [row(2, 'Lead', '0.12'), row(3, 'Arsenic', '0.03'), row(4, 'Cadmium', '0.02'), row(5, 'Myclobutanil', '0.05')],
  skipped: [],
  warnings: [],
};
const plan = () => planImport(file, () => target, { analysedAt: '2026-12-06T02:00:00.000Z' });
const origin = (analyte: string, analyteGroup: string, sourceType: string, sourceId: string | null, analysedAt: string | null = null): StoredRowOrigin => ({
  sampleId: 's-1',
  analyte,
  analyteGroup,
  sourceType,
  sourceId,
  analysedAt,
});
const entries = (p: ReturnType<typeof plan>) => p.samples.flatMap((s) => s.groups.flatMap((g) => g.analytes.map((a) => [a.analyte, a.value, a.analysedAt])));

describe('reimportPlan', () => {
  it('writes rows that still come from a run of the bytes (keeping their date) and new rows; leaves and names rows changed since', () => {
    const stored = [
      origin('lead', 'metals', 'instrument_import', 'run-1', '2026-12-03T02:00:00.000Z'),
      origin('arsenic', 'metals', 'manual', null),
      origin('cadmium', 'metals', 'instrument_import', 'run-other-file'),
    ];
    const { plan: out, leftAsIs } = reimportPlan(plan(), stored, new Set(['run-1', 'run-2']), true);
    expect(entries(out)).toEqual([
      ['lead', '0.12', '2026-12-03T02:00:00.000Z'],
      ['myclobutanil', '0.05', '2026-12-06T02:00:00.000Z'],
    ]);
    expect(leftAsIs).toEqual([
      { sampleId: 's-1', labCode: 'LT-2612-000001', group: 'metals', analyte: 'arsenic', changedBy: 'hand entry' },
      { sampleId: 's-1', labCode: 'LT-2612-000001', group: 'metals', analyte: 'cadmium', changedBy: 'instrument import run-other-file' },
    ]);
    expect(out.samples[0].rows).toBe(2);
    expect(out.accounting).toMatchObject({ rows: 4, stored: 2, leftAsIs: 2 });
    expect(out.warnings).toEqual([
      expect.stringMatching(/^no method is named for the metals, pesticides results/),
      expect.stringMatching(/^LT-2612-000001, arsenic: left as it is: hand entry changed or removed it after this file was imported/),
      expect.stringMatching(/^LT-2612-000001, cadmium: left as it is: instrument import run-other-file changed or removed it/),
    ]);
  });

  it('dates rows by the plan when the date is not kept (the file or the upload gives one), and drops a group left whole', () => {
    const stored = [
      origin('lead', 'metals', 'instrument_import', 'run-1', '2026-12-03T02:00:00.000Z'),
      origin('myclobutanil', 'pesticides', 'amendment', null),
    ];
    const { plan: out } = reimportPlan(plan(), stored, new Set(['run-1']), false);
    expect(entries(out)).toContainEqual(['lead', '0.12', '2026-12-06T02:00:00.000Z']);
    expect(out.samples[0].groups.map((g) => g.group)).toEqual(['metals']);
  });

  it('leaves out a row missing from a group hand entry wrote since (it removed it); a group only another file wrote takes it', () => {
    const byHand = reimportPlan(plan(), [origin('lead', 'metals', 'manual', null)], new Set(['run-1']), true);
    expect(byHand.leftAsIs.map((r) => [r.analyte, r.changedBy])).toEqual([
      ['lead', 'hand entry'],
      ['arsenic', 'hand entry'],
      ['cadmium', 'hand entry'],
    ]);
    const byFile = reimportPlan(plan(), [origin('lead', 'metals', 'instrument_import', 'run-other-file')], new Set(['run-1']), true);
    expect(byFile.leftAsIs.map((r) => r.analyte)).toEqual(['lead']);
    expect(entries(byFile.plan).map(([analyte]) => analyte)).toEqual(['arsenic', 'cadmium', 'myclobutanil']);
  });

  it('is the plan itself when nothing was changed since', () => {
    const p = plan();
    expect(reimportPlan(p, [origin('lead', 'metals', 'instrument_import', 'run-1')], new Set(['run-1']), true).plan.accounting).toEqual(p.accounting);
  });
});

describe('replacedSinceWarnings', () => {
  const matched = [{ sampleId: 's-1', labCode: 'LT-2612-000001', rows: 2 }];
  it('says how many of the rows a run stored come from elsewhere now, and from what', () => {
    const current = [
      origin('lead', 'metals', 'instrument_import', 'run-2'),
      origin('arsenic', 'metals', 'manual', null),
      origin('x', 'pesticides', 'manual', null),
    ];
    expect(replacedSinceWarnings('run-1', matched, new Set(['metals']), current)).toEqual([
      "LT-2612-000001: 2 of the 2 rows this import stored have since been replaced or removed (the rows of its groups now come from instrument import run-2, hand entry); this summary is the import as it was, the sample's results are as they are now",
    ]);
  });
  it('says nothing while every row is still the run’s, and counts samples past the limit', () => {
    const own = [origin('lead', 'metals', 'instrument_import', 'run-1'), origin('arsenic', 'metals', 'instrument_import', 'run-1')];
    expect(replacedSinceWarnings('run-1', matched, new Set(['metals']), own)).toEqual([]);
    const many = Array.from({ length: NAMED_ROWS_MAX + 3 }, (_, i) => ({ sampleId: `s-${i}`, labCode: null, rows: 1 }));
    const warnings = replacedSinceWarnings('run-1', many, new Set(['metals']), []);
    expect(warnings).toHaveLength(NAMED_ROWS_MAX + 1);
    expect(warnings.at(-1)).toBe('3 more samples whose rows from this import were replaced since');
  });
});

describe('handRowsChanged', () => {
  const reported = (analyte: string, sourceType: string, value: string | null, qualifier: string | null = null, analyst: string | null = 'Alice Brown') => ({
    ...origin(analyte, analyte === 'myclobutanil' ? 'pesticides' : 'metals', sourceType, null),
    value,
    qualifier,
    unit: 'µg/g',
    analyst,
  });

  it('lists rows written by hand or by an amendment whose value, qualifier or unit the file changes, not rows from other imports', () => {
    const stored = [
      reported('lead', 'manual', '0.10'),
      // Sent again as recorded ("0.030" would print otherwise: places count): no change.
      reported('arsenic', 'amendment', '0.03'),
      reported('cadmium', 'amendment', null, 'ND', 'Bob Grant'),
      { ...reported('myclobutanil', 'instrument_import', '0.09'), sourceId: 'run-9' },
    ];
    expect(handRowsChanged(plan(), stored)).toEqual([
      {
        sampleId: 's-1',
        labCode: 'LT-2612-000001',
        group: 'metals',
        analyte: 'lead',
        changedBy: 'hand entry by Alice Brown',
        before: '0.10 µg/g',
        after: '0.12 µg/g',
      },
      {
        sampleId: 's-1',
        labCode: 'LT-2612-000001',
        group: 'metals',
        analyte: 'cadmium',
        changedBy: 'amendment by Bob Grant',
        before: 'ND',
        after: '0.02 µg/g',
      },
    ]);
  });

  it('reads the file’s unit as the row stores it (ug/g is µg/g) and counts a changed unit', () => {
    const inUg = { ...file, rows: [{ ...row(2, 'Lead', '0.12'), unit: 'ug/g' }] };
    const p = planImport(inUg, () => target, { analysedAt: '2026-12-06T02:00:00.000Z' });
    expect(handRowsChanged(p, [reported('lead', 'manual', '0.12')])).toEqual([]);
    expect(handRowsChanged(p, [{ ...reported('lead', 'manual', '0.12'), unit: 'mg/kg' }]).map((c) => [c.before, c.after])).toEqual([
      ['0.12 mg/kg', '0.12 µg/g'],
    ]);
  });

  it('words the reason field like hand entry, and warns per row by whether a reason was given', () => {
    const [lead] = handRowsChanged(plan(), [reported('lead', 'manual', '0.10')]);
    expect(handRowsReasonMessage([lead])).toBe(
      'reason is required to change LT-2612-000001 lead (hand entry by Alice Brown: 0.10 µg/g → 0.12 µg/g): results written by hand or by an amendment change only with a reason',
    );
    expect(handRowsWarnings([lead], false)).toEqual([
      'LT-2612-000001, lead: hand entry by Alice Brown recorded 0.10 µg/g; this file would store 0.12 µg/g: send reason to replace it',
    ]);
    expect(handRowsWarnings([lead], true)).toEqual([
      "LT-2612-000001, lead: hand entry by Alice Brown recorded 0.10 µg/g; replaced by 0.12 µg/g from this file, for the upload's reason",
    ]);
  });
});

describe('leftAsIsAudits', () => {
  it('gives one event per sample naming each row left and who changed it', () => {
    const left = [
      { sampleId: 's-1', labCode: 'A', group: 'metals', analyte: 'lead', changedBy: 'hand entry' },
      { sampleId: 's-2', labCode: 'B', group: 'metals', analyte: 'lead', changedBy: 'amendment' },
      { sampleId: 's-1', labCode: 'A', group: 'metals', analyte: 'arsenic', changedBy: 'instrument import run-2' },
    ];
    expect(leftAsIsAudits(left, 'run-3')).toEqual([
      {
        sampleId: 's-1',
        after: {
          importId: 'run-3',
          leftAsIs: [
            { group: 'metals', analyte: 'lead', changedBy: 'hand entry' },
            { group: 'metals', analyte: 'arsenic', changedBy: 'instrument import run-2' },
          ],
        },
      },
      { sampleId: 's-2', after: { importId: 'run-3', leftAsIs: [{ group: 'metals', analyte: 'lead', changedBy: 'amendment' }] } },
    ]);
  });
});
