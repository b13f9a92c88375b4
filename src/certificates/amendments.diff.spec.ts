import { labDay } from '../common/lab-instant';
import { DiffableAnalyte, DiffableGroup, DiffableVersion, diffVersions as diffIn, withMethodIds } from './amendments.diff';

const LAB_ZONE = 'America/New_York';
const diffVersions = (before: DiffableVersion, after: DiffableVersion) => diffIn(before, after, LAB_ZONE);
/** 4 December 2026, 10:00 in New York. */
const ANALYSED = '2026-12-04T15:00:00.000Z';
const METHOD = 'Heavy metals by ICP-MS (SOP-CHEM-103 rev 3)';

const row = (analyte: string, value: string | null, over: Partial<DiffableAnalyte> = {}): DiffableAnalyte => ({
  analyte,
  name: analyte.toUpperCase(),
  value,
  qualifier: null,
  unit: 'µg/g',
  status: 'pass',
  lod: null,
  loq: '0.05',
  limit: null,
  method: METHOD,
  methodId: 'LT-M-MET-01',
  analysedAt: ANALYSED,
  computed: false,
  ...over,
});
/** A side's measurement facts as row() makes them. */
const FACTS = { lod: null, method: METHOD, methodId: 'LT-M-MET-01', analysedDay: '2026-12-04', reportedBy: null };
const group = (name: string, analytes: DiffableAnalyte[], status = 'pass'): DiffableGroup => ({ group: name, status, analytes });
const NY_2025 = { id: 'set-2025', name: 'ny-ocm-2025-draft', effectiveDate: '2025-01-01' };
const version = (n: number, groups: DiffableGroup[], status = 'pass', limitSet = NY_2025): DiffableVersion => ({ version: n, status, limitSet, groups });

const metalsV1 = group('metals', [row('arsenic', '0.05'), row('cadmium', '0.02'), row('lead', '0.11'), row('mercury', null, { qualifier: 'ND' })]);
const moistureV1 = group('moisture', [row('moisture', '11.2', { unit: '%', status: 'report_only' })]);

describe('diffVersions', () => {
  it('finds a changed value and verdict, keeps the group’s unchanged analytes as context, and leaves untouched groups out', () => {
    const metalsV2 = group(
      'metals',
      metalsV1.analytes.map((a) => (a.analyte === 'lead' ? { ...a, value: '0.62', status: 'fail' } : a)),
      'fail',
    );
    const diff = diffVersions(version(1, [metalsV1, moistureV1]), version(2, [metalsV2, moistureV1], 'fail'));

    expect(diff).toMatchObject({ fromVersion: 1, toVersion: 2, overall: { before: 'pass', after: 'fail' }, counts: { changed: 1, added: 0, removed: 0 } });
    expect(diff.groups.map((g) => g.group)).toEqual(['metals']);
    const [metals] = diff.groups;
    expect(metals).toMatchObject({ before: 'pass', after: 'fail' });
    expect(metals.analytes.map((a) => [a.analyte, a.change])).toEqual([
      ['arsenic', 'unchanged'],
      ['cadmium', 'unchanged'],
      ['lead', 'changed'],
      ['mercury', 'unchanged'],
    ]);
    expect(metals.analytes[2]).toEqual({
      analyte: 'lead',
      name: 'LEAD',
      computed: false,
      change: 'changed',
      fields: ['value', 'status'],
      before: { value: '0.11', qualifier: null, unit: 'µg/g', status: 'pass', loq: '0.05', limit: null, ...FACTS },
      after: { value: '0.62', qualifier: null, unit: 'µg/g', status: 'fail', loq: '0.05', limit: null, ...FACTS },
    });
    expect(diff.limitSets).toEqual({ before: NY_2025, after: NY_2025 });
  });

  it('compares values as the exact strings printed: 0.50 and 0.5 differ, a qualifier replacing a value is a change of both', () => {
    const before = version(1, [group('metals', [row('lead', '0.50'), row('cadmium', '0.02')])]);
    const after = version(2, [group('metals', [row('lead', '0.5'), row('cadmium', null, { qualifier: '<LOQ' })])]);
    const [metals] = diffVersions(before, after).groups;
    expect(metals.analytes.find((a) => a.analyte === 'lead')!.fields).toEqual(['value']);
    const cadmium = metals.analytes.find((a) => a.analyte === 'cadmium')!;
    expect(cadmium.fields).toEqual(['value', 'qualifier']);
    expect(cadmium.after).toEqual({ value: null, qualifier: '<LOQ', unit: 'µg/g', status: 'pass', loq: '0.05', limit: null, ...FACTS });
  });

  it('reports a unit change even when the number is the same', () => {
    const before = version(1, [group('cannabinoids', [row('d9-thc', '0.82', { unit: '%' })])]);
    const after = version(2, [group('cannabinoids', [row('d9-thc', '0.82', { unit: 'mg/g' })])]);
    expect(diffVersions(before, after).groups[0].analytes[0]).toMatchObject({ change: 'changed', fields: ['unit'] });
  });

  it('lists added and removed analytes with every field, after N’s analytes in order', () => {
    const before = version(1, [group('pesticides', [row('abamectin', null, { qualifier: 'ND' }), row('acephate', null, { qualifier: 'ND' })])]);
    const after = version(2, [group('pesticides', [row('acephate', null, { qualifier: 'ND' }), row('bifenazate', '0.03')])]);
    const diff = diffVersions(before, after);
    expect(diff.counts).toEqual({ changed: 0, added: 1, removed: 1 });
    expect(diff.groups[0].analytes).toEqual([
      expect.objectContaining({ analyte: 'abamectin', change: 'removed', before: expect.objectContaining({ qualifier: 'ND' }), after: null }),
      expect.objectContaining({ analyte: 'acephate', change: 'unchanged', fields: [] }),
      expect.objectContaining({
        analyte: 'bifenazate',
        change: 'added',
        fields: ['value', 'qualifier', 'unit', 'status', 'lod', 'loq', 'limit', 'method', 'methodId', 'analysedDay', 'reportedBy'],
        before: null,
      }),
    ]);
  });

  it('shows a whole group added or dropped, with its verdict on one side only', () => {
    const diff = diffVersions(version(1, [metalsV1]), version(2, [metalsV1, moistureV1]));
    expect(diff.groups).toEqual([
      {
        group: 'moisture',
        before: null,
        after: 'pass',
        analytes: [
          expect.objectContaining({
            analyte: 'moisture',
            change: 'added',
            after: { value: '11.2', qualifier: null, unit: '%', status: 'report_only', loq: '0.05', limit: null, ...FACTS },
          }),
        ],
      },
    ]);
    expect(diffVersions(version(1, [metalsV1, moistureV1]), version(2, [metalsV1])).groups[0]).toMatchObject({
      group: 'moisture',
      before: 'pass',
      after: null,
    });
  });

  it('includes computed totals that move with their inputs', () => {
    const before = version(1, [group('cannabinoids', [row('thca', '24.1', { unit: '%' }), row('total-thc', '21.96', { unit: '%', computed: true })])]);
    const after = version(2, [group('cannabinoids', [row('thca', '20.1', { unit: '%' }), row('total-thc', '18.45', { unit: '%', computed: true })])]);
    const analytes = diffVersions(before, after).groups[0].analytes;
    expect(analytes[1]).toMatchObject({ analyte: 'total-thc', computed: true, change: 'changed', before: { value: '21.96' }, after: { value: '18.45' } });
  });

  it('is empty when nothing changed, and notices a verdict that changed alone (a limit set re-judged)', () => {
    expect(diffVersions(version(1, [metalsV1]), version(2, [metalsV1])).groups).toEqual([]);
    const rejudged = diffVersions(version(1, [metalsV1]), version(2, [{ ...metalsV1, status: 'incomplete' }], 'incomplete'));
    expect(rejudged.groups).toHaveLength(1);
    expect(rejudged.groups[0]).toMatchObject({ before: 'pass', after: 'incomplete' });
    expect(rejudged.counts).toEqual({ changed: 0, added: 0, removed: 0 });
  });

  it('shows an LOQ that changed under the same value: what ND and <LOQ mean moved', () => {
    const before = version(1, [group('metals', [row('lead', null, { qualifier: '<LOQ', loq: '0.05' })])]);
    const after = version(2, [group('metals', [row('lead', null, { qualifier: '<LOQ', loq: null })])]);
    const diff = diffVersions(before, after);
    expect(diff.counts).toEqual({ changed: 1, added: 0, removed: 0 });
    expect(diff.groups[0].analytes[0]).toMatchObject({ change: 'changed', fields: ['loq'], before: { loq: '0.05' }, after: { loq: null } });
  });

  it('shows the limit each side was judged against, and the limit set of each version', () => {
    const ny2026 = { id: 'set-2026', name: 'ny-ocm-2026', effectiveDate: '2026-12-01' };
    const before = version(1, [group('metals', [row('lead', '0.4', { limit: '≤ 0.5 µg/g' })])]);
    const after = version(2, [group('metals', [row('lead', '0.4', { limit: '≤ 0.3 µg/g', status: 'fail' })], 'fail')], 'fail', ny2026);
    const diff = diffVersions(before, after);
    expect(diff.limitSets).toEqual({ before: NY_2025, after: ny2026 });
    expect(diff.groups[0].analytes[0]).toMatchObject({
      change: 'changed',
      fields: ['status', 'limit'],
      before: { value: '0.4', limit: '≤ 0.5 µg/g', status: 'pass' },
      after: { value: '0.4', limit: '≤ 0.3 µg/g', status: 'fail' },
    });
  });

  it('keeps only the reference of a limit set, and null for a version without rows', () => {
    const rich = { ...NY_2025, rules: ['many'] } as typeof NY_2025;
    const diff = diffVersions(version(1, [metalsV1], 'pass', rich), { version: 2, status: 'incomplete', limitSet: null, groups: [] });
    expect(diff.limitSets).toEqual({ before: NY_2025, after: null });
  });

  it('shows a re-dated result as the lab’s day, and finds no change in a time moved within that day', () => {
    const moisture = (analysedAt: string | null) => version(1, [group('moisture', [row('moisture', '11.2', { unit: '%', analysedAt })])]);
    // 23:30 on 3 December in New York is 04:30 UTC on the 4th: another lab day than the 4th's 10:00, the same UTC day.
    const redated = diffVersions(moisture(ANALYSED), { ...moisture('2026-12-04T04:30:00.000Z'), version: 2 });
    expect(redated.counts).toEqual({ changed: 1, added: 0, removed: 0 });
    expect(redated.groups[0].analytes[0]).toMatchObject({
      change: 'changed',
      fields: ['analysedDay'],
      before: { value: '11.2', analysedDay: '2026-12-04' },
      after: { value: '11.2', analysedDay: '2026-12-03' },
    });
    // 10:00 to 23:59 on the 4th in New York (04:59 UTC on the 5th): the COA prints the same day.
    expect(diffVersions(moisture(ANALYSED), { ...moisture('2026-12-05T04:59:00.000Z'), version: 2 }).groups).toEqual([]);
    // A date recorded where there was none is a change too.
    expect(diffVersions(moisture(null), { ...moisture(ANALYSED), version: 2 }).groups[0].analytes[0]).toMatchObject({
      fields: ['analysedDay'],
      before: { analysedDay: null },
      after: { analysedDay: '2026-12-04' },
    });
  });

  it('shows a changed method (its text or its registry id) and LOD, each alone an amendment', () => {
    const lead = (over: Partial<DiffableAnalyte>) => [group('metals', [row('lead', '0.12', over)])];
    const kf = diffVersions(version(1, lead({})), version(2, lead({ method: 'Karl Fischer titration (KF-99)', methodId: null, lod: '0.01' })));
    expect(kf.groups[0].analytes[0]).toMatchObject({
      change: 'changed',
      fields: ['lod', 'method', 'methodId'],
      before: { method: METHOD, methodId: 'LT-M-MET-01', lod: null },
      after: { method: 'Karl Fischer titration (KF-99)', methodId: null, lod: '0.01' },
    });
    // Another registry method printed under the same text.
    expect(diffVersions(version(1, lead({})), version(2, lead({ methodId: 'LT-M-MET-02' }))).groups[0].analytes[0].fields).toEqual(['methodId']);
  });

  it('treats a view without method ids (not enriched) as having none, and withMethodIds adds them from the stored rows', () => {
    const bare = version(1, [group('metals', [row('lead', '0.12', { methodId: undefined }), row('arsenic', '0.05', { methodId: undefined })])]);
    expect(diffVersions(bare, { ...bare, version: 2 }).groups).toEqual([]);
    const enriched = withMethodIds(bare, [
      { analyteGroup: 'metals', analyte: 'lead', methodId: 'LT-M-MET-01' },
      { analyteGroup: 'metals', analyte: 'arsenic', methodId: null },
    ]);
    expect(enriched.groups[0].analytes.map((a) => [a.analyte, a.methodId])).toEqual([
      ['lead', 'LT-M-MET-01'],
      ['arsenic', null],
    ]);
    expect(diffVersions(bare, { ...enriched, version: 2 }).groups[0].analytes[0]).toMatchObject({ analyte: 'lead', fields: ['methodId'] });
  });

  it('says whose result each side is: a re-test turns another lab’s row into this lab’s, a transcription correction keeps that lab', () => {
    const SC = 'as reported on the COA of SC Laboratories California LLC';
    const theirs = (value: string, over: Partial<DiffableAnalyte> = {}) =>
      row('thca', value, { unit: '%', status: 'report_only', loq: null, method: SC, methodId: undefined, sourceType: 'coa_import', ...over });
    const v1 = version(1, [group('cannabinoids', [theirs('31.04')])]);

    const [corrected] = diffVersions(v1, version(2, [group('cannabinoids', [theirs('31.40')])])).groups[0].analytes;
    expect(corrected).toMatchObject({
      fields: ['value'],
      before: { value: '31.04', reportedBy: 'SC Laboratories California LLC' },
      after: { value: '31.40', reportedBy: 'SC Laboratories California LLC' },
    });

    const ours = theirs('29.80', { sourceType: 'amendment', method: 'HPLC-DAD re-test', analysedAt: '2026-12-06T15:00:00.000Z' });
    const [retested] = diffVersions(v1, version(2, [group('cannabinoids', [ours])])).groups[0].analytes;
    expect(retested).toMatchObject({
      fields: ['value', 'method', 'analysedDay', 'reportedBy'],
      before: { reportedBy: 'SC Laboratories California LLC' },
      after: { reportedBy: null },
    });

    // Re-tested with the same figure, method and day (a confirmation): only whose result it is changes.
    const [confirmed] = diffVersions(v1, version(2, [group('cannabinoids', [theirs('31.04', { sourceType: 'amendment' })])])).groups[0].analytes;
    expect(confirmed.fields).toEqual(['reportedBy']);
    // A COA import whose method line names no lab; a computed total is nobody's report.
    const unnamed = version(1, [group('cannabinoids', [theirs('1.0', { method: 'as reported on an imported sc-labs COA' })])]);
    expect(diffVersions(unnamed, version(2, [])).groups[0].analytes[0].before!.reportedBy).toBe('another laboratory');
    const total = version(1, [group('cannabinoids', [theirs('27.2', { analyte: 'total-thc', computed: true, sourceType: 'computed' })])]);
    expect(diffVersions(total, version(2, [])).groups[0].analytes[0].before!.reportedBy).toBeNull();
  });

  it('labDay reads an instant on the lab’s clock, across the daylight-saving change', () => {
    expect(labDay('2026-12-05T03:00:00.000Z', LAB_ZONE)).toBe('2026-12-04');
    expect(labDay('2026-12-05T05:00:00.000Z', LAB_ZONE)).toBe('2026-12-05');
    // EDT (UTC-4) in July: 03:30 UTC is 23:30 the evening before.
    expect(labDay('2026-07-10T03:30:00.000Z', LAB_ZONE)).toBe('2026-07-09');
    expect(labDay('2026-07-10T03:30:00.000Z', 'UTC')).toBe('2026-07-10');
  });
});
