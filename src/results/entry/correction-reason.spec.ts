import { correctionsOf, hasReason, reasonRequiredMessage, type ReportedRow } from './correction-reason';

function row(analyte: string, value: string | null, fields: Partial<ReportedRow> = {}): ReportedRow {
  const name = analyte[0].toUpperCase() + analyte.slice(1);
  return { analyteGroup: 'metals', analyte, analyteName: name, value, qualifier: null, unit: 'µg/g', computed: false, ...fields };
}

const METALS = new Set(['metals']);

describe('correctionsOf', () => {
  const recorded = [row('lead', '0.12'), row('cadmium', null, { qualifier: 'ND' }), row('myrcene', '0.4', { analyteGroup: 'terpenes', unit: '%' })];

  it('finds nothing in a first entry, an identical resend, or rows only added', () => {
    expect(correctionsOf([], [row('lead', '0.12')], METALS)).toEqual([]);
    expect(correctionsOf(recorded, recorded, METALS)).toEqual([]);
    expect(correctionsOf(recorded, [...recorded, row('arsenic', '0.03')], METALS)).toEqual([]);
  });

  it('names a changed value, qualifier or unit with before and after', () => {
    const next = [row('lead', '0.49'), row('cadmium', '0.2', { qualifier: '>ULOQ' })];
    expect(correctionsOf(recorded, next, METALS)).toEqual([
      { group: 'metals', analyte: 'lead', name: 'Lead', before: '0.12 µg/g', after: '0.49 µg/g' },
      { group: 'metals', analyte: 'cadmium', name: 'Cadmium', before: 'ND', after: '>ULOQ 0.2 µg/g' },
    ]);
    expect(correctionsOf([row('lead', '0.12')], [row('lead', '0.12', { unit: 'ppm' })], METALS)).toEqual([
      { group: 'metals', analyte: 'lead', name: 'Lead', before: '0.12 µg/g', after: '0.12 ppm' },
    ]);
  });

  it('names removed rows of a touched group (a cleared group) and ignores untouched groups and computed totals', () => {
    const total = row('total_thc', '20.1', { analyteGroup: 'cannabinoids', computed: true, unit: '%' });
    expect(correctionsOf([...recorded, total], [], new Set(['metals', 'cannabinoids']))).toEqual([
      { group: 'metals', analyte: 'lead', name: 'Lead', before: '0.12 µg/g', after: null },
      { group: 'metals', analyte: 'cadmium', name: 'Cadmium', before: 'ND', after: null },
    ]);
  });

  it('treats a value as PostgreSQL stores it: blanks and leading zeros are the same, trailing places are not', () => {
    expect(correctionsOf([row('lead', '0.12')], [row('lead', ' 00.12 ')], METALS)).toEqual([]);
    expect(correctionsOf([row('lead', '0.12')], [row('lead', '0.120')], METALS).map((c) => c.after)).toEqual(['0.120 µg/g']);
  });
});

describe('reasonRequiredMessage', () => {
  it('says which rows would change or go, the first five and how many more', () => {
    const one = correctionsOf([row('lead', '0.12'), row('cadmium', null, { qualifier: 'ND' })], [row('lead', '0.49')], METALS);
    expect(reasonRequiredMessage(one)).toBe(
      'reason is required to change Lead (0.12 µg/g → 0.49 µg/g), remove Cadmium (ND): results already recorded change only with a reason',
    );
    const seven = correctionsOf(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => row(id, '1')),
      [],
      METALS,
    );
    expect(reasonRequiredMessage(seven)).toMatch(/remove A \(1 µg\/g\), .*remove E \(1 µg\/g\) and 2 more: /);
  });

  it('counts blank reasons as none', () => {
    expect([hasReason(undefined), hasReason(null), hasReason('  '), hasReason('re-run')]).toEqual([false, false, false, true]);
  });
});
